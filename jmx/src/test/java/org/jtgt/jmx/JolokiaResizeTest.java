package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance test of live resize: over Jolokia's HTTP interface, the pool goes 2, 4, 1, 3, 2
 * while qemu-io sessions write and verify their data and iscsi-perf reads; every initiator
 * finishes without an error or a reconnect, and the same connections exist before and after.
 */
class JolokiaResizeTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:jolokia";
    private static final int[] SIZES = {4, 1, 3, 2};

    @Test
    void resizeOverHttpWhileInitiatorsVerifyTheirData(@TempDir Path dir) throws Exception {
        try (JtgtServer server = JtgtServer.builder().name("resize-it").threads(2).target(TARGET, t -> t.lun(0, "memory:256M")).start();
             JtgtMBeans beans = JtgtMBeans.register(server);
             JolokiaAgent agent = JolokiaAgent.start(new InetSocketAddress("127.0.0.1", 0), List.of(), null, null)) {
            JolokiaHttp jolokia = new JolokiaHttp(agent.url());
            String url = server.url(TARGET, 0);
            List<Process> verifiers = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            for (int s = 0; s < 3; s++) {
                List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
                for (int round = 0; round < 60; round++) {
                    int pattern = (s * 60 + round) % 250 + 1;
                    String at = (s * 32) + "M";
                    cmd.addAll(List.of("-c", "write -P " + pattern + " " + at + " 8M", "-c", "read -P " + pattern + " " + at + " 8M"));
                }
                cmd.add(url);
                Path log = dir.resolve("qemu-io-" + s + ".log");
                logs.add(log);
                verifiers.add(RealInitiators.start(log, cmd.toArray(String[]::new)));
            }
            Path perfLog = dir.resolve("iscsi-perf.log");
            Process perf = RealInitiators.start(perfLog, "iscsi-perf", "-r", "-m", "16", "-t", "6", "-x", "0", url);

            waitForSessions(server, 4);
            TreeSet<String> before = connections(jolokia);
            assertEquals(4, before.size(), before.toString());
            for (int size : SIZES) {
                jolokia.postOk("{\"type\":\"write\",\"mbean\":\"org.jtgt:type=WorkerPool,server=resize-it\","
                        + "\"attribute\":\"ThreadCount\",\"value\":" + size + "}");
                String read = jolokia.get("read/org.jtgt:type=WorkerPool,server=resize-it/ThreadCount");
                assertTrue(read.contains("\"value\":" + size), read);
                assertEquals(before, connections(jolokia), "the same connections after resizing to " + size);
                Thread.sleep(300);
            }
            assertTrue(perf.waitFor(60, TimeUnit.SECONDS));
            String perfOut = RealInitiators.text(perfLog);
            assertEquals(0, perf.exitValue(), perfOut);
            assertFalse(perfOut.toLowerCase().contains("reconnect") || perfOut.toLowerCase().contains("error"), perfOut);
            for (int s = 0; s < verifiers.size(); s++) {
                assertTrue(verifiers.get(s).waitFor(120, TimeUnit.SECONDS));
                String out = RealInitiators.text(logs.get(s));
                assertEquals(0, verifiers.get(s).exitValue(), out);
                assertFalse(out.toLowerCase().contains("fail") || out.contains("Reconnect") || out.contains("timeout"), out);
                assertEquals(60, out.split("read 8388608/8388608", -1).length - 1, "every verified read completed: " + out);
            }
        }
    }

    private static void waitForSessions(JtgtServer server, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.sessions().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(count, server.sessions().size());
    }

    /** The Connection beans as Jolokia lists them, with each one's peer address. */
    private static TreeSet<String> connections(JolokiaHttp jolokia) throws Exception {
        String json = jolokia.get("read/org.jtgt:type=Connection,server=resize-it,*/PeerAddress");
        TreeSet<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\"(org\\.jtgt:[^\"]*)\":\\{\"PeerAddress\":\"([^\"]*)\"").matcher(json);
        while (m.find()) {
            found.add(m.group(1) + " " + m.group(2));
        }
        return found;
    }
}
