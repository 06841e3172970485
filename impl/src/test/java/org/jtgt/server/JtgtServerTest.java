package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.Test;

/** The embedding API: start on a free port, URLs, close with sessions open, failed starts. */
class JtgtServerTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:embed";

    @Test
    void startsOnAFreePortAndNamesItsLuns() throws Exception {
        try (JtgtServer server = JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M").lun(7, "null:1G")).start()) {
            assertTrue(server.port() > 0);
            assertEquals("127.0.0.1", server.portals().get(0).getAddress().getHostAddress());
            assertEquals(List.of("iscsi://127.0.0.1:" + server.port() + "/" + TARGET + "/0",
                    "iscsi://127.0.0.1:" + server.port() + "/" + TARGET + "/7"), server.urls());
            assertEquals(server.urls().get(1), server.url(TARGET.toUpperCase(), 7));
            assertThrows(IllegalArgumentException.class, () -> server.url(TARGET, 1));
            assertThrows(IllegalStateException.class, server::start);
        }
    }

    @Test
    void acceptsALoginRightAfterStart() throws Exception {
        try (JtgtServer server = JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M")).start();
             TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:i", TARGET, Map.of()));
            assertEquals(0, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).status());
        }
    }

    @Test
    void closesWhileSessionsAreOpen() throws Exception {
        JtgtServer server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:1M")).start();
        try (TestInitiator a = TestInitiator.connect(server.portals().get(0));
             TestInitiator b = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, a.login("iqn.2026-11.org.jtgt.test:a", TARGET, Map.of()));
            assertEquals(0, b.login("iqn.2026-11.org.jtgt.test:b", TARGET, Map.of()));
            assertEquals(2, server.sessions().size());
            long start = System.nanoTime();
            server.close();
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "close does not wait for initiators");
            assertTrue(a.closedByTarget(2000));
            assertTrue(b.closedByTarget(2000));
            assertEquals(0, server.sessions().size());
            server.close();    // idempotent
        }
        try (ServerSocket again = new ServerSocket(0)) {
            assertTrue(again.getLocalPort() > 0);
        }
    }

    @Test
    void asksSessionsToLogOutOnClose() throws Exception {
        JtgtServer server = JtgtServer.builder().shutdownGrace(java.time.Duration.ofSeconds(10))
                .target(TARGET, t -> t.lun(0, "memory:1M")).start();
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:polite", TARGET, Map.of()));
            Thread closer = new Thread(server::close);
            long start = System.nanoTime();
            closer.start();
            TestInitiator.Received async = ini.receive();
            assertEquals(org.jtgt.pdu.Opcode.ASYNC_MESSAGE, async.opcode());
            assertEquals(1, async.u8(36), "event 1: the target requests a logout");
            assertEquals(10, ((async.u8(42) << 8) | async.u8(43)), "within the grace period, in seconds");
            assertEquals(0, ini.logout());
            closer.join(10_000);
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "close returns once the session logged out");
            assertEquals(0, server.sessions().size());
        }
    }

    @Test
    void aFailedStartSaysWhyAndLeavesNothingBehind() throws Exception {
        JtgtServer.Builder bad = JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M").lun(1, "nosuch:1G"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, bad::start);
        assertTrue(e.getMessage().contains("nosuch"), e.getMessage());
        assertTrue(e.getMessage().contains("memory"), "names the schemes there are: " + e.getMessage());

        IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                () -> JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:12x")).start());
        assertTrue(size.getMessage().contains("12x"), size.getMessage());

        IOException missing = assertThrows(IOException.class,
                () -> JtgtServer.builder().target(TARGET, t -> t.lun(0, "file:/nonexistent/dir/disk.img")).start());
        assertTrue(missing.getMessage().contains("/nonexistent/dir/disk.img"), missing.getMessage());
    }

    @Test
    void aPortInUseIsReported() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            IOException e = assertThrows(IOException.class, () -> JtgtServer.builder().portal("127.0.0.1", taken.getLocalPort())
                    .target(TARGET, t -> t.lun(0, "memory:1M")).start());
            assertTrue(e.getMessage().contains(Integer.toString(taken.getLocalPort())), e.getMessage());
        }
    }

    @Test
    void builderRefusesNonsense() {
        assertThrows(IllegalArgumentException.class, () -> JtgtServer.builder().threads(0));
        assertThrows(IllegalArgumentException.class, () -> JtgtServer.builder().target("not-an-iqn", t -> { }));
        assertThrows(IllegalArgumentException.class, () -> JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M").lun(0, "memory:1M")));
        assertThrows(IllegalArgumentException.class, () -> JtgtServer.builder().target(TARGET, t -> t.lun(16384, "memory:1M")));
        assertThrows(IllegalArgumentException.class, () -> JtgtServer.builder()
                .target(TARGET, t -> t.lun(0, "memory:1M")).target(TARGET.toUpperCase(), t -> t.lun(0, "memory:1M")));
        assertFalse(JtgtServer.builder().build().name().isEmpty());
    }

    @Test
    void twoServersInOneJvmGetDistinctNames() throws Exception {
        try (JtgtServer a = JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M")).start();
             JtgtServer b = JtgtServer.builder().target(TARGET, t -> t.lun(0, "memory:1M")).start()) {
            assertFalse(a.name().equals(b.name()));
            assertFalse(a.port() == b.port());
        }
    }
}
