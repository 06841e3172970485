package org.jtgt.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.jtgt.api.ScsiStatus;
import org.jtgt.scsi.CdbFields.Access;
import org.jtgt.scsi.LbaRange;
import org.junit.jupiter.api.Test;

/** The journal's ring: opt-in, bounded, counting what it drops. */
class IoJournalTest {

    static JournalEntry entry(long sequence, String operation, Access access, long lba, long blocks) {
        return new JournalEntry(sequence, 0, operation, 0x2A, access, List.of(new LbaRange(lba, blocks)), true, false, 512,
                "iqn.2026-11.org.jtgt:test", "400000000001", "400000000001-0001", 1_000, 2_000, Instant.EPOCH, ScsiStatus.GOOD, null,
                false, null);
    }

    private static void write(IoJournal journal, long lba) {
        journal.record(seq -> entry(seq, "WRITE(10)", Access.WRITE, lba, 1));
    }

    private static List<Long> sequences(IoJournal journal) {
        return journal.entries().stream().map(JournalEntry::sequence).toList();
    }

    @Test
    void offRecordsNothing() {
        IoJournal journal = new IoJournal();
        assertFalse(journal.enabled());
        write(journal, 1);
        assertEquals(0, journal.size());
        journal.setEnabled(true);
        write(journal, 1);
        journal.setEnabled(false);
        write(journal, 2);
        assertEquals(List.of(1L), sequences(journal), "entries stay when it is turned off");
    }

    @Test
    void aFullRingDropsTheOldestAndCountsThem() {
        IoJournal journal = new IoJournal();
        journal.setCapacity(3);
        journal.setEnabled(true);
        for (int i = 0; i < 5; i++) {
            write(journal, i);
        }
        assertEquals(List.of(3L, 4L, 5L), sequences(journal));
        assertEquals(2, journal.dropped());
        assertEquals(List.of(4L, 5L), journal.last(2).stream().map(JournalEntry::sequence).toList());
        assertEquals(3, journal.last(10).size());
    }

    @Test
    void shrinkingKeepsTheNewestAndGrowingKeepsAll() {
        IoJournal journal = new IoJournal();
        journal.setEnabled(true);
        for (int i = 0; i < 5; i++) {
            write(journal, i);
        }
        journal.setCapacity(2);
        assertEquals(List.of(4L, 5L), sequences(journal));
        assertEquals(3, journal.dropped());
        journal.setCapacity(10);
        write(journal, 9);
        assertEquals(List.of(4L, 5L, 6L), sequences(journal));
        assertThrows(IllegalArgumentException.class, () -> journal.setCapacity(0));
    }

    @Test
    void clearForgetsEntriesAndDropsButNumberingGoesOn() {
        IoJournal journal = new IoJournal();
        journal.setCapacity(1);
        journal.setEnabled(true);
        write(journal, 0);
        write(journal, 1);
        journal.clear();
        assertEquals(0, journal.size());
        assertEquals(0, journal.dropped());
        write(journal, 2);
        assertEquals(List.of(3L), sequences(journal));
        assertTrue(journal.snapshot().entries().get(0).touches(2, 2));
    }
}
