package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several initiators at once: eight qemu-io sessions each write their own pattern to their own
 * region of one LUN and read it back with verification, while the others do the same; then one
 * more session checks every region. Across one and four I/O threads and both store kinds.
 */
class ConcurrentSessionsTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:shared";
    private static final int SESSIONS = 8;
    private static final int REGION_MB = 8;

    @ParameterizedTest(name = "-T {0}, {1} store")
    @CsvSource({"1, memory", "4, memory", "4, file"})
    void eightSessionsKeepTheirDataApart(int threads, String kind, @TempDir Path dir) throws Exception {
        String store = kind.equals("memory") ? "memory:128M" : "file:" + dir.resolve("disk.img") + "?size=128M";
        try (JtgtServer server = JtgtServer.builder().threads(threads).target(TARGET, t -> t.lun(0, store)).start()) {
            String url = server.url(TARGET, 0);
            List<Process> processes = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int i = 0; i < SESSIONS; i++) {
                String offset = (i * REGION_MB) + "M";
                String pattern = Integer.toString(0x11 * (i + 1));
                Path out = dir.resolve("qemu-io-" + i + ".log");
                outputs.add(out);
                processes.add(RealInitiators.start(out, "qemu-io", "-f", "raw",
                        "-c", "write -P " + pattern + " " + offset + " " + REGION_MB + "M",
                        "-c", "aio_write -P " + pattern + " " + offset + " 64k",
                        "-c", "aio_flush",
                        "-c", "read -P " + pattern + " " + offset + " " + REGION_MB + "M",
                        url));
            }
            for (int i = 0; i < SESSIONS; i++) {
                assertTrue(processes.get(i).waitFor(120, TimeUnit.SECONDS), "qemu-io " + i + " finished");
                String output = RealInitiators.text(outputs.get(i));
                assertEquals(0, processes.get(i).exitValue(), output);
                assertFalse(output.toLowerCase().contains("fail"), output);
                assertFalse(output.contains("Reconnect") || output.contains("timeout"), "no stalled session: " + output);
                assertTrue(output.contains("read " + (REGION_MB * 1024 * 1024) + "/"), output);
            }
            List<String> check = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
            for (int i = 0; i < SESSIONS; i++) {
                check.add("-c");
                check.add("read -P " + (0x11 * (i + 1)) + " " + (i * REGION_MB) + "M " + REGION_MB + "M");
            }
            check.add(url);
            String verify = RealInitiators.run(Duration.ofSeconds(60), check.toArray(String[]::new)).ok().output();
            assertFalse(verify.toLowerCase().contains("fail"), verify);
        }
    }
}
