package org.jtgt.iscsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.iscsi.DataOutCollector.Burst;
import org.jtgt.iscsi.DataOutCollector.Verdict;
import org.jtgt.pdu.Bhs;
import org.junit.jupiter.api.Test;

class DataOutCollectorTest {

    private final AtomicInteger tags = new AtomicInteger(100);

    /** An R2T as the target sends it. */
    private record R2tRequest(int ttt, int r2tSN, int offset, int length) {
    }

    /** Every R2T due now, each under a fresh tag, as the command processor sends them. */
    private List<R2tRequest> nextR2Ts(DataOutCollector c) {
        List<R2tRequest> sent = new ArrayList<>();
        while (c.r2tDue()) {
            Burst b = c.openR2T(tags.incrementAndGet());
            sent.add(new R2tRequest(b.ttt, b.r2tSN, b.offset, b.length));
        }
        return sent;
    }

    @Test
    void immediateUnsolicitedThenBursts() {
        DataOutCollector c = new DataOutCollector().start(100_000, 1000, 8192, 32768, 2);
        List<R2tRequest> first = nextR2Ts(c);
        assertEquals(2, first.size());
        assertEquals(new R2tRequest(101, 0, 8192, 32768), first.get(0));
        assertEquals(new R2tRequest(102, 1, 40960, 32768), first.get(1));
        assertEquals(Verdict.ACCEPTED, c.accept(Bhs.RESERVED_TAG, 0, 1000, 7192));
        assertEquals(Verdict.ACCEPTED, c.accept(101, 0, 8192, 16384));
        assertTrue(nextR2Ts(c).isEmpty(), "both R2Ts still outstanding");
        assertEquals(Verdict.ACCEPTED, c.accept(101, 1, 24576, 16384));
        List<R2tRequest> third = nextR2Ts(c);
        assertEquals(List.of(new R2tRequest(103, 2, 73728, 26272)), third);
        assertEquals(Verdict.ACCEPTED, c.accept(102, 0, 40960, 32768));
        assertFalse(c.complete());
        assertEquals(Verdict.ACCEPTED, c.accept(103, 0, 73728, 26272));
        assertTrue(c.complete());
        assertEquals(3, c.r2tCount());
    }

    @Test
    void checksDataSnOffsetsAndTags() {
        DataOutCollector c = new DataOutCollector().start(4096, 0, 2048, 4096, 1);
        assertEquals(Verdict.BAD_DATA_SN, c.accept(Bhs.RESERVED_TAG, 1, 0, 512));
        assertEquals(Verdict.BAD_OFFSET, c.accept(Bhs.RESERVED_TAG, 0, 512, 512), "unsolicited data in order");
        assertEquals(Verdict.ACCEPTED, c.accept(Bhs.RESERVED_TAG, 0, 0, 1024));
        assertEquals(Verdict.BAD_OFFSET, c.accept(Bhs.RESERVED_TAG, 1, 1024, 2048), "beyond the first burst");
        assertEquals(Verdict.UNKNOWN_TAG, c.accept(77, 0, 2048, 512));
        R2tRequest r = nextR2Ts(c).get(0);
        assertEquals(2048, r.offset());
        assertEquals(Verdict.BAD_DATA_SN, c.accept(r.ttt(), 5, 2048, 512));
        assertFalse(c.fits(4000, 200));
        assertTrue(c.fits(3584, 512));
    }

    @Test
    void aReusedCollectorForgetsTheEarlierCommand() {
        DataOutCollector c = new DataOutCollector().start(8192, 0, 0, 4096, 2);
        List<R2tRequest> first = nextR2Ts(c);
        assertEquals(2, first.size());
        assertEquals(Verdict.ACCEPTED, c.accept(first.get(0).ttt(), 0, 0, 4096));
        c.start(4096, 512, 512, 4096, 1);
        assertEquals(Verdict.UNKNOWN_TAG, c.accept(first.get(1).ttt(), 0, 4096, 512), "the old R2T is gone");
        assertEquals(512, c.received());
        assertEquals(0, c.r2tCount());
        assertEquals(List.of(new R2tRequest(tags.get() + 1, 0, 512, 3584)), nextR2Ts(c));
        assertFalse(c.r2tDue());
    }
}
