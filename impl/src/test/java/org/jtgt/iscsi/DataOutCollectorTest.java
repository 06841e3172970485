package org.jtgt.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.iscsi.DataOutCollector.R2tRequest;
import org.jtgt.iscsi.DataOutCollector.Verdict;
import org.jtgt.pdu.Bhs;
import org.junit.jupiter.api.Test;

class DataOutCollectorTest {

    private final AtomicInteger tags = new AtomicInteger(100);

    @Test
    void immediateUnsolicitedThenBursts() {
        DataOutCollector c = new DataOutCollector(100_000, 1000, 8192, 32768, 2);
        List<R2tRequest> first = c.nextR2Ts(tags::incrementAndGet);
        assertEquals(2, first.size());
        assertEquals(new R2tRequest(101, 0, 8192, 32768), first.get(0));
        assertEquals(new R2tRequest(102, 1, 40960, 32768), first.get(1));
        assertEquals(Verdict.ACCEPTED, c.accept(Bhs.RESERVED_TAG, 0, 1000, 7192));
        assertEquals(Verdict.ACCEPTED, c.accept(101, 0, 8192, 16384));
        assertTrue(c.nextR2Ts(tags::incrementAndGet).isEmpty(), "both R2Ts still outstanding");
        assertEquals(Verdict.ACCEPTED, c.accept(101, 1, 24576, 16384));
        List<R2tRequest> third = c.nextR2Ts(tags::incrementAndGet);
        assertEquals(List.of(new R2tRequest(103, 2, 73728, 26272)), third);
        assertEquals(Verdict.ACCEPTED, c.accept(102, 0, 40960, 32768));
        assertFalse(c.complete());
        assertEquals(Verdict.ACCEPTED, c.accept(103, 0, 73728, 26272));
        assertTrue(c.complete());
        assertEquals(3, c.r2tCount());
    }

    @Test
    void checksDataSnOffsetsAndTags() {
        DataOutCollector c = new DataOutCollector(4096, 0, 2048, 4096, 1);
        assertEquals(Verdict.BAD_DATA_SN, c.accept(Bhs.RESERVED_TAG, 1, 0, 512));
        assertEquals(Verdict.BAD_OFFSET, c.accept(Bhs.RESERVED_TAG, 0, 512, 512), "unsolicited data in order");
        assertEquals(Verdict.ACCEPTED, c.accept(Bhs.RESERVED_TAG, 0, 0, 1024));
        assertEquals(Verdict.BAD_OFFSET, c.accept(Bhs.RESERVED_TAG, 1, 1024, 2048), "beyond the first burst");
        assertEquals(Verdict.UNKNOWN_TAG, c.accept(77, 0, 2048, 512));
        R2tRequest r = c.nextR2Ts(tags::incrementAndGet).get(0);
        assertEquals(2048, r.offset());
        assertEquals(Verdict.BAD_DATA_SN, c.accept(r.ttt(), 5, 2048, 512));
        assertFalse(c.fits(4000, 200));
        assertTrue(c.fits(3584, 512));
    }
}
