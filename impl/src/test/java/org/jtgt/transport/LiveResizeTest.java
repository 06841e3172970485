package org.jtgt.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The worker pool grows and shrinks while initiators run: connections move between workers
 * and none is dropped, reconnected, or loses a PDU.
 */
class LiveResizeTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:resize";
    private static final int[] SIZES = {4, 1, 3, 2, 4, 1, 2};

    @Test
    void connectionsMoveAndKeepWorking() throws Exception {
        try (JtgtServer server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:64M")).start()) {
            List<TestInitiator> initiators = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    TestInitiator ini = TestInitiator.connect(server.portals().get(0));
                    assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:i" + i, TARGET, Map.of("MaxRecvDataSegmentLength", "16384")));
                    initiators.add(ini);
                }
                Set<ChannelConnection> before = new HashSet<>(server.workerPool().connections());
                assertEquals(6, before.size());
                Random random = new Random(7);
                for (int size : SIZES) {
                    server.workerPool().resize(size);
                    assertEquals(size, server.workerPool().threadCount());
                    for (int i = 0; i < initiators.size(); i++) {
                        byte[] data = new byte[64 * 1024];
                        random.nextBytes(data);
                        long lba = 1000L * i;
                        assertEquals(0, initiators.get(i).command(0, TestCdbs.write10(lba, 128), data.length, data, false).status());
                        TestInitiator.Response r = initiators.get(i).command(0, TestCdbs.read10(lba, 128), data.length, null, true);
                        assertArrayEquals(data, r.data(), "session " + i + " after resizing to " + size);
                    }
                    Set<ChannelConnection> now = new HashSet<>(server.workerPool().connections());
                    assertEquals(before, now, "the same connections, none dropped or new");
                    Set<IoWorker> owners = new HashSet<>();
                    for (ChannelConnection c : now) {
                        owners.add(c.owner());
                        assertTrue(server.workerPool().workers().contains(c.owner()), "owned by a live worker");
                    }
                    assertEquals(Math.min(size, 6), owners.size(), "spread over every worker after resizing to " + size);
                }
            } finally {
                for (TestInitiator ini : initiators) {
                    ini.close();
                }
            }
        }
    }

    @Test
    void realInitiatorsVerifyTheirDataWhileThePoolIsResizedAgainAndAgain(@TempDir Path dir) throws Exception {
        try (JtgtServer server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:128M")).start()) {
            String url = server.url(TARGET, 0);
            List<Process> processes = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
                for (int round = 0; round < 40; round++) {
                    int pattern = (s * 40 + round) % 250 + 1;
                    String at = (s * 16) + "M";
                    cmd.addAll(List.of("-c", "write -P " + pattern + " " + at + " 4M", "-c", "read -P " + pattern + " " + at + " 4M"));
                }
                cmd.add(url);
                Path log = dir.resolve("qemu-io-" + s + ".log");
                logs.add(log);
                processes.add(RealInitiators.start(log, cmd.toArray(String[]::new)));
            }
            int resizes = 0;
            while (processes.stream().anyMatch(Process::isAlive) && resizes < 200) {
                server.workerPool().resize(SIZES[resizes % SIZES.length]);
                resizes++;
                Thread.sleep(20);
            }
            for (int s = 0; s < processes.size(); s++) {
                assertTrue(processes.get(s).waitFor(120, TimeUnit.SECONDS));
                String out = RealInitiators.text(logs.get(s));
                assertEquals(0, processes.get(s).exitValue(), out);
                assertFalse(out.toLowerCase().contains("fail") || out.contains("Reconnect") || out.contains("timeout"), out);
                assertEquals(40, out.split("read 4194304/4194304", -1).length - 1, "every verified read completed: " + out);
            }
            assertTrue(resizes >= 5, "the pool was resized while the initiators ran (" + resizes + " times)");
        }
    }
}
