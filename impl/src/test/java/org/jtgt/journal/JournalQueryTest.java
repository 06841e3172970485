package org.jtgt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.scsi.CdbFields.Access;
import org.jtgt.scsi.LbaRange;
import org.junit.jupiter.api.Test;

/** The assertions tests make on a journal: each holds on a journal that satisfies it and fails, saying why, on one that does not. */
class JournalQueryTest {

    private static final String S1 = "400000000001-0001";
    private static final String S2 = "400000000002-0002";

    private final List<JournalEntry> entries = new ArrayList<>();

    private JournalQueryTest add(String operation, int opcode, Access access, long lba, long blocks, String session, boolean fua,
            ScsiStatus status) {
        List<LbaRange> ranges = lba < 0 ? List.of() : List.of(new LbaRange(lba, blocks));
        SenseData sense = status == ScsiStatus.CHECK_CONDITION ? SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0) : null;
        entries.add(new JournalEntry(entries.size() + 1, 0, operation, opcode, access, ranges, true, fua, 0,
                session.equals(S1) ? "iqn.2008-11.org.linux-kvm:a" : "iqn.1994-05.com.redhat:b", session.substring(0, 12), session,
                0, 1_000_000, Instant.EPOCH, status, sense, false, null));
        return this;
    }

    private JournalQueryTest write(long lba, long blocks, String session) {
        return add("WRITE(10)", 0x2A, Access.WRITE, lba, blocks, session, false, ScsiStatus.GOOD);
    }

    private JournalQueryTest flush(long lba, long blocks, String session) {
        return add("SYNCHRONIZE CACHE(10)", 0x35, Access.FLUSH, lba, blocks, session, false, ScsiStatus.GOOD);
    }

    private JournalQuery query() {
        return JournalQuery.of(entries);
    }

    @Test
    void blocksJoinOverlappingAndAdjacentRanges() {
        write(64, 64, S1).write(0, 64, S1).write(100, 10, S1).write(300, 1, S1);
        assertEquals(List.of(new LbaRange(0, 128), new LbaRange(300, 1)), query().blocks());
        write(200, LbaRange.TO_END, S1);
        assertEquals(List.of(new LbaRange(0, 128), new LbaRange(200, LbaRange.TO_END)), query().blocks());
        assertEquals(Long.MAX_VALUE, query().highestLba());
    }

    @Test
    void assertBlocksExactlyHoldsOnlyForExactlyThoseBlocks() {
        write(0, 64, S1).write(64, 64, S1).add("READ(10)", 0x28, Access.READ, 500, 8, S1, false, ScsiStatus.GOOD);
        query().writes().assertBlocksExactly(0, 127);
        AssertionError gap = assertThrows(AssertionError.class, () -> query().writes().assertBlocksExactly(0, 128));
        assertTrue(gap.getMessage().startsWith("expected the writes to address exactly LBAs 0-128, but they address [0-127]"), gap.getMessage());
        assertTrue(gap.getMessage().contains("\n  #1 WRITE(10) 0-63 GOOD"), gap.getMessage());
        assertThrows(AssertionError.class, () -> query().assertBlocksExactly(0, 127), "the read counts without the filter");
    }

    @Test
    void assertNothingBeyondNamesTheCommandsBeyond() {
        write(0, 8, S1).add("READ(16)", 0x88, Access.READ, 4096, 8, S2, false, ScsiStatus.GOOD);
        query().writes().assertNothingBeyond(7);
        AssertionError e = assertThrows(AssertionError.class, () -> query().assertNothingBeyond(4095));
        assertTrue(e.getMessage().startsWith("expected no commands beyond LBA 4095, found 1\n  #2 READ(16) 4096-4103"), e.getMessage());
    }

    @Test
    void everyWriteFlushedNeedsALaterCoveringFlushInTheSameSession() {
        write(0, 8, S1).write(8, 8, S2).flush(0, LbaRange.TO_END, S1).flush(8, 8, S2);
        query().assertEveryWriteFlushed();
        write(16, 8, S1);
        AssertionError late = assertThrows(AssertionError.class, () -> query().assertEveryWriteFlushed());
        assertTrue(late.getMessage().contains("1 are not\n  #5 WRITE(10) 16-23"), late.getMessage());
        flush(0, LbaRange.TO_END, S2);
        assertThrows(AssertionError.class, () -> query().assertEveryWriteFlushed(), "another session's flush does not count");
        flush(20, 100, S1);
        assertThrows(AssertionError.class, () -> query().assertEveryWriteFlushed(), "a flush that misses blocks 16-19 does not count");
        flush(16, 8, S1);
        query().assertEveryWriteFlushed();
    }

    @Test
    void fuaWritesAndFailedCommandsNeedNoFlush() {
        add("WRITE(16)", 0x8A, Access.WRITE, 0, 8, S1, true, ScsiStatus.GOOD);
        add("WRITE(10)", 0x2A, Access.WRITE, 8, 8, S1, false, ScsiStatus.CHECK_CONDITION);
        query().assertEveryWriteFlushed();
        assertEquals(1, query().failed().count());
        assertEquals("WRITE(10)", query().failed().first().operation());
    }

    @Test
    void aFlushAfterTheLastWrite() {
        write(0, 8, S1).flush(0, LbaRange.TO_END, S2);
        query().assertFlushAfterLastWrite();
        write(8, 8, S2);
        AssertionError e = assertThrows(AssertionError.class, () -> query().assertFlushAfterLastWrite());
        assertTrue(e.getMessage().startsWith("expected a SYNCHRONIZE CACHE after the last write #3"), e.getMessage());
        AssertionError none = assertThrows(AssertionError.class, () -> query().reads().assertFlushAfterLastWrite());
        assertTrue(none.getMessage().contains("found none"), none.getMessage());
    }

    @Test
    void filtersByOperationInitiatorSessionAndOrder() {
        write(0, 8, S1).flush(0, LbaRange.TO_END, S1).add("WRITE(16)", 0x8A, Access.WRITE, 8, 8, S2, false, ScsiStatus.GOOD);
        assertEquals(2, query().operation("WRITE").count());
        assertEquals(1, query().operation("WRITE(16)").count());
        assertEquals(1, query().operation("0x35").count());
        assertEquals(2, query().initiator("iqn.2008-11.org.linux-kvm:*").count());
        assertEquals(1, query().session(S2).count());
        assertEquals(1, query().after(query().flushes().last()).count());
        assertEquals(3, query().touching(0, 8).count(), "the flush of the whole medium touches them too");
        query().writes().initiator("iqn.1994-05.*").assertCount(1);
        AssertionError e = assertThrows(AssertionError.class, () -> query().flushes().assertEmpty());
        assertTrue(e.getMessage().startsWith("expected 0 flushes, found 1"), e.getMessage());
        AssertionError none = assertThrows(AssertionError.class, () -> query().unmaps().last());
        assertEquals("no unmaps in the journal", none.getMessage());
    }
}
