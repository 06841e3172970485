package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.jtgt.api.SenseKey;
import org.jtgt.journal.IoJournal;
import org.jtgt.journal.JournalEntry;
import org.jtgt.journal.JournalQuery;
import org.jtgt.scsi.LbaRange;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The I/O journal of a LUN while qemu-io writes, flushes, discards and reads through QEMU's
 * iSCSI driver: the journal's assertions hold for what QEMU did, and fail for what it did not.
 */
class JournalWithQemuTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:journal";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private JtgtServer server;
    private IoJournal journal;

    @BeforeEach
    void start() throws Exception {
        server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:64M")).start();
        journal = server.journal(TARGET, 0);
        journal.setEnabled(true);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RealInitiators.Result qemuIo(String cache, String... commands) {
        List<String> cmd = new java.util.ArrayList<>(List.of("qemu-io", "-f", "raw", "-t", cache));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(server.url(TARGET, 0));
        return RealInitiators.run(TIMEOUT, cmd.toArray(String[]::new));
    }

    @Test
    void writesAndAFlushAreJournaledAndAssertedOn() {
        qemuIo("writeback", "write -P 0xab 0 64k", "write -P 0xcd 1M 128k", "flush").ok();
        JournalQuery q = journal.snapshot();
        assertEquals(List.of(new LbaRange(0, 128), new LbaRange(2048, 256)), q.writes().blocks());
        q.writes().touching(0, 2047).assertBlocksExactly(0, 127);
        q.writes().assertNothingBeyond(2303);
        q.assertEveryWriteFlushed();
        q.assertFlushAfterLastWrite();
        JournalEntry write = q.writes().first();
        assertTrue(write.initiator().startsWith("iqn.2008-11.org.linux-kvm"), write.initiator());
        assertEquals(12, write.isid().length());
        assertTrue(write.operation().startsWith("WRITE("), write.operation());
        assertEquals(64 * 1024, write.transferLength());
        assertTrue(write.good());
        assertFalse(write.fua(), "cache=writeback: durability comes from the flush, not from FUA");
        assertTrue(write.completedNanos() >= write.receivedNanos());
        assertEquals(0, journal.dropped());

        // and they fail for what QEMU did not do
        assertThrows(AssertionError.class, () -> q.writes().touching(0, 2047).assertBlocksExactly(0, 126));
        assertThrows(AssertionError.class, () -> q.writes().assertNothingBeyond(2302));
        assertThrows(AssertionError.class, () -> q.unmaps().last());
        AssertionError e = assertThrows(AssertionError.class, () -> q.writes().assertBlocksExactly(0, 2303));
        assertTrue(e.getMessage().contains("but they address [0-127, 2048-2303]"), e.getMessage());
    }

    @Test
    void aClientThatNeverFlushesIsCaught() {
        qemuIo("unsafe", "write -P 0x11 4k 4k").ok();       // cache=unsafe: QEMU drops every flush
        JournalQuery q = journal.snapshot();
        q.writes().assertBlocksExactly(8, 15);
        assertEquals(0, q.flushes().count(), q.entries().toString());
        AssertionError e = assertThrows(AssertionError.class, q::assertEveryWriteFlushed);
        assertTrue(e.getMessage().contains("1 are not\n  #"), e.getMessage());
        assertThrows(AssertionError.class, q::assertFlushAfterLastWrite);
    }

    @Test
    void aDiscardIsJournaledWithTheRangesOfItsParameterList() {
        qemuIo("writeback", "write -P 0x22 0 1M", "discard 256k 64k").ok();
        JournalQuery unmaps = journal.snapshot().unmaps();
        unmaps.assertCount(1);
        assertEquals(List.of(new LbaRange(512, 128)), unmaps.blocks());
        assertTrue(unmaps.first().rangesKnown());
    }

    @Test
    void injectedFaultsAreJournaledWithTheirSense() {
        qemuIo("writeback", "write -P 0x33 0 64k").ok();
        server.faults().forLun(TARGET, 0).add("medium-error lba=16 opcode=READ");
        qemuIo("writeback", "read 0 64k");
        JournalEntry failed = journal.snapshot().reads().failed().first();
        assertEquals(SenseKey.MEDIUM_ERROR, failed.sense().key());
        assertEquals(16L, failed.sense().information());
        assertTrue(failed.fault().startsWith("f1 CHECK CONDITION MEDIUM_ERROR"), failed.fault());
    }
}
