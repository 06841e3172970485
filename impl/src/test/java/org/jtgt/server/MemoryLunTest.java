package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.jtgt.store.MemorySnapshot;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A running server's memory LUNs: snapshot, restore, reset and seeding, and what initiators see of them. */
class MemoryLunTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:memory-lun";
    private static final int BLOCK = 512;

    @TempDir
    Path dir;

    private JtgtServer server;

    @BeforeEach
    void start() throws IOException {
        server = JtgtServer.builder().threads(1).shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.lun(0, "memory:8M").lun(1, "file:" + dir.resolve("disk.img") + "?size=1M"))
                .start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aRestoreEndsTheSessionsSoTheInitiatorReadsTheRestoredContentsAfterLoggingInAgain() throws Exception {
        MemoryLun lun = server.memoryLun(TARGET, 0);
        byte[] before = blocks(8, (byte) 0x11);
        byte[] after = blocks(8, (byte) 0x22);
        MemorySnapshot snapshot;
        try (TestInitiator ini = login("a")) {
            assertEquals(0, command(ini, TestCdbs.write10(0, 8), before, false).status());
            snapshot = lun.snapshot();
            assertEquals(0, command(ini, TestCdbs.write10(0, 8), after, false).status());
            assertArrayEquals(after, command(ini, TestCdbs.read10(0, 8), null, true).data());

            lun.restore(snapshot);
            assertTrue(ini.closedByTarget(10_000), "the session logged in during the restore was ended");
        }
        assertEquals(0, server.sessions().size());
        try (TestInitiator ini = login("b")) {
            assertArrayEquals(before, command(ini, TestCdbs.read10(0, 8), null, true).data());
        }
    }

    @Test
    void aResetEndsTheSessionsAndZeroesTheDisk() throws Exception {
        MemoryLun lun = server.memoryLun(TARGET, 0);
        try (TestInitiator ini = login("c")) {
            assertEquals(0, command(ini, TestCdbs.write10(100, 8), blocks(8, (byte) 0x33), false).status());
            lun.reset();
            assertTrue(ini.closedByTarget(10_000));
        }
        assertEquals(0, lun.store().allocatedBytes());
        try (TestInitiator ini = login("d")) {
            assertArrayEquals(new byte[8 * BLOCK], command(ini, TestCdbs.read10(100, 8), null, true).data());
        }
    }

    @Test
    void seededBytesAreWhatAnInitiatorReads() throws Exception {
        byte[] seed = blocks(4, (byte) 0x44);
        seed[5] = 9;
        server.memoryLun(TARGET, 0).seed(16L * BLOCK, seed);
        try (TestInitiator ini = login("e")) {
            assertArrayEquals(seed, command(ini, TestCdbs.read10(16, 4), null, true).data());
            assertEquals(1, server.sessions().size(), "seeding ends no session");
        }
    }

    @Test
    void aLunOverAnotherStoreIsRefusedWithAMessageThatSaysWhy() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> server.memoryLun(TARGET, 1));
        assertTrue(e.getMessage().contains("file store") && e.getMessage().contains("memory:SIZE"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.memoryLun(TARGET, 7));
        assertThrows(IllegalArgumentException.class, () -> server.memoryLun("iqn.2026-11.org.jtgt.test:nosuch", 0));
    }

    @Test
    void aHandleOfARemovedLunRefusesToWork() throws IOException {
        server.addLun(TARGET, 2, "memory:1M", Map.of());
        MemoryLun lun = server.memoryLun(TARGET, 2);
        MemorySnapshot snapshot = lun.snapshot();
        server.removeLun(TARGET, 2);
        server.addLun(TARGET, 2, "memory:1M", Map.of());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> lun.restore(snapshot));
        assertTrue(e.getMessage().contains("no longer served"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> server.memoryLun(TARGET, 2).restore(snapshot),
                "a snapshot of the removed LUN does not fit the new one");
    }

    private TestInitiator login(String who) throws IOException {
        TestInitiator ini = TestInitiator.connect(server.portals().get(0));
        assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:" + who, TARGET, Map.of()));
        return ini;
    }

    /** A command to LUN 0, sent again after a unit attention (which a fresh nexus may see first). */
    private static TestInitiator.Response command(TestInitiator ini, byte[] cdb, byte[] dataOut, boolean read) throws IOException {
        int length = read ? (cdb[7] << 8 | cdb[8] & 0xFF) * BLOCK : dataOut.length;
        TestInitiator.Response r = ini.command(0, cdb, length, dataOut, read);
        for (int i = 0; i < 3 && r.status() == 2 && r.senseKey() == 0x06; i++) {
            r = ini.command(0, cdb, length, dataOut, read);
        }
        return r;
    }

    private static byte[] blocks(int count, byte value) {
        byte[] b = new byte[count * BLOCK];
        Arrays.fill(b, value);
        return b;
    }
}
