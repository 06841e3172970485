package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.stats.LunStatistics;
import org.jtgt.testing.RealInitiators;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.jtgt.transport.IoWorker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Changing a running server: LUNs and targets come and go, sessions close, events tell. */
class ServerManagementTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:managed";

    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private JtgtServer server;

    @BeforeEach
    void start() throws Exception {
        server = JtgtServer.builder().threads(2).shutdownGrace(Duration.ZERO).target(TARGET, t -> t.lun(0, "memory:8M")).build();
        server.addListener(new ServerListener() {
            @Override
            public void workerStarted(IoWorker w) {
                events.add("worker+" + w.index());
            }

            @Override
            public void workerStopped(IoWorker w) {
                events.add("worker-" + w.index());
            }

            @Override
            public void sessionStarted(IscsiSession s) {
                events.add("session+" + s.parameters().initiatorName());
            }

            @Override
            public void sessionEnded(IscsiSession s) {
                events.add("session-" + s.parameters().initiatorName());
            }

            @Override
            public void targetAdded(ServedTarget t) {
                events.add("target+" + t.name());
            }

            @Override
            public void targetRemoved(ServedTarget t) {
                events.add("target-" + t.name());
            }

            @Override
            public void lunAdded(ServedTarget t, MappedLun lun) {
                events.add("lun+" + lun.lun());
            }

            @Override
            public void lunRemoved(ServedTarget t, MappedLun lun) {
                events.add("lun-" + lun.lun());
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private TestInitiator login(String who) throws Exception {
        TestInitiator ini = TestInitiator.connect(server.portals().get(0));
        assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:" + who, TARGET, Map.of()));
        return ini;
    }

    private static int lunCount(TestInitiator ini) throws Exception {
        TestInitiator.Response r = ini.command(0, TestCdbs.reportLuns(256), 256, null, true);
        assertEquals(0, r.status());
        return ByteBuffer.wrap(r.data()).getInt(0) / 8;
    }

    @Test
    void aLunAddedLiveIsAnnouncedAndServed() throws Exception {
        try (TestInitiator ini = login("a")) {
            assertEquals(1, lunCount(ini));
            String url = server.addLun(TARGET, 4, "memory:4M", Map.of());
            assertTrue(url.endsWith("/" + TARGET + "/4"), url);
            TestInitiator.Response ua = ini.command(0, TestCdbs.testUnitReady(), 0, null, false);
            assertEquals(2, ua.status());
            assertEquals(0x06, ua.senseKey(), "UNIT ATTENTION");
            assertEquals(0x3F, ua.asc(), "REPORTED LUNS DATA HAS CHANGED");
            assertEquals(0, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).status(), "reported once");
            assertEquals(2, lunCount(ini));
            assertEquals(0x29, ini.command(4, TestCdbs.testUnitReady(), 0, null, false).asc(), "the new unit's power-on attention");
            byte[] data = new byte[4096];
            java.util.Arrays.fill(data, (byte) 7);
            assertEquals(0, ini.command(4, TestCdbs.write10(0, 8), 4096, data, false).status());
            assertArrayEquals(data, ini.command(4, TestCdbs.read10(0, 8), 4096, null, true).data());
        }
        String ls = RealInitiators.run(Duration.ofSeconds(30), "iscsi-ls", "-s", "iscsi://127.0.0.1:" + server.port()).ok().output();
        assertTrue(ls.contains("Lun:4"), ls);
        assertTrue(events.contains("lun+4"), events.toString());
    }

    @Test
    void aLunMadeReadOnlyLiveRefusesWritesKeepsItsDataAndTellsSessions() throws Exception {
        String url = server.url(TARGET, 0);
        RealInitiators.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "write -P 0x3c 0 1M", url).ok();
        try (TestInitiator ini = login("ro")) {
            server.setReadOnly(TARGET, 0, true);
            assertTrue(server.readOnly(TARGET, 0));
            TestInitiator.Response ua = ini.command(0, TestCdbs.testUnitReady(), 0, null, false);
            assertEquals(0x06, ua.senseKey(), "UNIT ATTENTION");
            assertEquals(0x2A, ua.asc(), "MODE PARAMETERS CHANGED");
            TestInitiator.Response refused = ini.command(0, TestCdbs.write10(0, 1), 512, new byte[512], false);
            assertEquals(0x07, refused.senseKey(), "DATA PROTECT");
            assertEquals(0x27, refused.asc(), "WRITE PROTECTED");
        }
        RealInitiators.Result write = RealInitiators.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "write -P 0x11 0 4k", url);
        assertTrue(write.exitCode() != 0 && write.output().contains("write protected"), "qemu-io sees the protection: " + write.output());
        RealInitiators.run(Duration.ofSeconds(30), "qemu-io", "-r", "-f", "raw", "-c", "read -P 0x3c 0 1M", url).ok();

        server.setReadOnly(TARGET, 0, false);
        RealInitiators.run(Duration.ofSeconds(30), "qemu-io", "-f", "raw", "-c", "write -P 0x11 0 4k", "-c", "read -P 0x11 0 4k", url).ok();
        assertThrows(IllegalArgumentException.class, () -> server.setReadOnly(TARGET, 9, true), "no LUN 9");
    }

    @Test
    void aDiskOverAReadOnlyStoreCannotBeMadeWritable() throws Exception {
        server.addLun(TARGET, 3, "memory:1M?readonly=true", Map.of());
        assertTrue(server.readOnly(TARGET, 3));
        assertThrows(IllegalStateException.class, () -> server.setReadOnly(TARGET, 3, false));
        assertTrue(server.readOnly(TARGET, 3), "still read-only");
    }

    @Test
    void aFailedAddChangesNothing() throws Exception {
        try (TestInitiator ini = login("b")) {
            assertThrows(IllegalArgumentException.class, () -> server.addLun(TARGET, 1, "memory:lots", Map.of()));
            assertThrows(IllegalArgumentException.class, () -> server.addLun(TARGET, 0, "memory:1M", Map.of()), "LUN 0 is taken");
            assertThrows(IllegalArgumentException.class, () -> server.addLun("iqn.2026-11.org.jtgt.test:nosuch", 1, "memory:1M", Map.of()));
            assertThrows(IllegalArgumentException.class, () -> server.addLun(TARGET, 2, "memory:1M", Map.of("colour", "red")));
            assertEquals(0, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).status(), "no unit attention");
            assertEquals(1, lunCount(ini));
            assertFalse(events.stream().anyMatch(e -> e.startsWith("lun+")), events.toString());
        }
    }

    @Test
    void aRemovedLunIsAnnouncedAndGone() throws Exception {
        server.addLun(TARGET, 1, "memory:1M", Map.of());
        try (TestInitiator ini = login("c")) {
            server.removeLun(TARGET, 1);
            assertEquals(0x06, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).senseKey());
            TestInitiator.Response gone = ini.command(1, TestCdbs.testUnitReady(), 0, null, false);
            assertEquals(0x05, gone.senseKey());
            assertEquals(0x25, gone.asc(), "LOGICAL UNIT NOT SUPPORTED");
            assertEquals(1, lunCount(ini));
            assertEquals(0, ini.command(0, TestCdbs.read10(0, 1), 512, null, true).status(), "LUN 0 unaffected");
        }
        assertThrows(IllegalArgumentException.class, () -> server.removeLun(TARGET, 1));
        assertTrue(events.contains("lun-1"), events.toString());
    }

    @Test
    void targetsComeAndGoAndTheirSessionsWithThem() throws Exception {
        server.addTarget("iqn.2026-11.org.jtgt.test:extra", "extra");
        server.addLun("iqn.2026-11.org.jtgt.test:extra", 0, "memory:1M", Map.of());
        try (TestInitiator discovery = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, discovery.login("iqn.2026-11.org.jtgt.test:d", null, Map.of()));
            assertTrue(discovery.sendTargets("All").get("TargetName").contains("iqn.2026-11.org.jtgt.test:extra"));
        }
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:e", "iqn.2026-11.org.jtgt.test:extra", Map.of()));
            server.removeTarget("iqn.2026-11.org.jtgt.test:extra");
            assertTrue(ini.closedByTarget(5000), "its session ends");
        }
        assertThrows(IllegalArgumentException.class, () -> server.addTarget(TARGET, null), "taken");
        assertThrows(IllegalArgumentException.class, () -> server.removeTarget("iqn.2026-11.org.jtgt.test:extra"));
        assertTrue(events.containsAll(List.of("target+iqn.2026-11.org.jtgt.test:extra", "target-iqn.2026-11.org.jtgt.test:extra")),
                events.toString());
    }

    @Test
    void closeSessionById() throws Exception {
        try (TestInitiator ini = login("f")) {
            IscsiSession s = server.sessions().all().get(0);
            assertTrue(server.closeSession(s.id()));
            assertTrue(ini.closedByTarget(5000));
            assertFalse(server.closeSession("000000000000-0000"));
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!events.contains("session-iqn.2026-11.org.jtgt.test:f") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(events.contains("session+iqn.2026-11.org.jtgt.test:f"), events.toString());
        assertTrue(events.contains("session-iqn.2026-11.org.jtgt.test:f"), events.toString());
    }

    @Test
    void workersReportedAsThePoolChanges() throws Exception {
        assertTrue(events.containsAll(List.of("worker+0", "worker+1")), events.toString());
        server.resize(3);
        server.resize(1);
        assertTrue(events.containsAll(List.of("worker+2", "worker-2", "worker-1")), events.toString());
    }

    @Test
    void lunStatisticsCountCommandsBytesAndErrors() throws Exception {
        try (TestInitiator ini = login("g")) {
            LunStatistics stats = server.targets().find(TARGET).mapped(0).statistics();
            long commands = stats.commands();           // the login's TEST UNIT READYs
            long errors = stats.errors();               // its power-on unit attention
            byte[] data = new byte[8192];
            ini.command(0, TestCdbs.write10(0, 16), 8192, data, false);
            ini.command(0, TestCdbs.read10(0, 16), 8192, null, true);
            ini.command(0, TestCdbs.read10(0, 4), 2048, null, true);
            ini.command(0, TestCdbs.read10(1L << 30, 1), 512, null, true);     // out of range
            assertEquals(4, stats.commands() - commands);
            assertEquals(2, stats.reads());
            assertEquals(1, stats.writes());
            assertEquals(10240, stats.bytesRead());
            assertEquals(8192, stats.bytesWritten());
            assertEquals(1, stats.errors() - errors);
            assertTrue(stats.latency().percentile(50) > 0);
        }
    }
}
