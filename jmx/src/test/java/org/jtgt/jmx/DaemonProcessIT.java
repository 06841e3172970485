package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged daemon, {@code java -jar jmx/target/jtgt.jar}, as scripts use it: it prints a
 * ready line per LUN, serves real initiators, and exits cleanly with status 0 on SIGTERM.
 */
class DaemonProcessIT {

    private static Process startDaemon(Path log, String... options) throws IOException {
        String jar = System.getProperty("jtgt.jar", "target/jtgt.jar");
        assertTrue(Files.exists(Path.of(jar)), jar + " is built in the package phase");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar));
        cmd.addAll(List.of(options));
        return new ProcessBuilder(cmd).redirectError(log.toFile()).start();
    }

    /** Reads standard output until {@code count} ready lines came; fails after 20 s. */
    private static List<String> readyUrls(Process daemon, int count, Path log) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
        List<String> urls = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (urls.size() < count && System.nanoTime() < deadline) {
            String line = out.readLine();
            assertNotNull(line, "daemon exited early; its log:\n" + Files.readString(log));
            assertTrue(line.startsWith("jtgt: ready iscsi://"), line);
            urls.add(line.substring("jtgt: ready ".length()));
        }
        assertEquals(count, urls.size());
        return urls;
    }

    @Test
    void servesAndStopsCleanlyOnSigterm(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--portal", "127.0.0.1:0", "-T", "2", "--jolokia", "off",
                "--target", "iqn.2026-11.org.jtgt.it:daemon", "--lun", "0=memory:32M", "--lun", "2=file:" + dir.resolve("d.img") + "?size=16M");
        try {
            List<String> urls = readyUrls(daemon, 2, log);
            assertTrue(urls.get(0).matches("iscsi://127\\.0\\.0\\.1:\\d+/iqn\\.2026-11\\.org\\.jtgt\\.it:daemon/0"), urls.get(0));
            assertTrue(urls.get(1).endsWith("/2"), urls.get(1));
            String inq = RealInitiators.run(Duration.ofSeconds(30), "iscsi-inq", urls.get(0)).ok().output();
            assertTrue(inq.contains("DIRECT_ACCESS"), inq);
            String cap = RealInitiators.run(Duration.ofSeconds(30), "iscsi-readcapacity16", urls.get(1)).ok().output();
            assertTrue(cap.contains("Total size:16777216"), cap);
        } finally {
            daemon.destroy();          // SIGTERM
        }
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS), "stops within 15 s of SIGTERM");
        assertEquals(0, daemon.exitValue(), "a clean shutdown exits with 0; log:\n" + Files.readString(log));
        assertTrue(Files.readString(log).contains("stopped"), Files.readString(log));
    }

    @Test
    void jolokiaServesTheBeansOfThePackagedDaemon(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--portal", "127.0.0.1:0", "--jolokia", "127.0.0.1:0", "--lun", "0=memory:16M");
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8));
            assertTrue(out.readLine().startsWith("jtgt: ready iscsi://"));
            String line = out.readLine();
            assertNotNull(line, Files.readString(log));
            assertTrue(line.matches("jtgt: jolokia http://127\\.0\\.0\\.1:\\d+/jolokia/"), line);
            JolokiaHttp jolokia = new JolokiaHttp(line.substring("jtgt: jolokia ".length()));
            String read = jolokia.get("read/org.jtgt:type=Server,name=jtgt/Targets");
            assertTrue(read.contains("iqn.2026-11.org.jtgt:disk0"), read);
            jolokia.postOk("{\"type\":\"write\",\"mbean\":\"org.jtgt:type=WorkerPool,server=jtgt\",\"attribute\":\"ThreadCount\",\"value\":3}");
            assertTrue(jolokia.get("read/org.jtgt:type=WorkerPool,server=jtgt/ThreadCount").contains("\"value\":3"));
            String denied = jolokia.get("exec/java.lang:type=Memory/gc");
            assertTrue(denied.contains("\"status\":403"), "exec outside org.jtgt is forbidden: " + denied);
        } finally {
            daemon.destroy();
        }
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, daemon.exitValue(), "a clean stop with Jolokia on too: " + Files.readString(log));
        assertTrue(Files.readString(log).contains("server jtgt stopped"), Files.readString(log));
        assertFalse(Files.readString(log).contains("Exception"), Files.readString(log));
    }

    @Test
    void servesTheTargetsOfAConfigurationFile(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("jtgt.properties");
        Files.write(config, List.of("server.portal = 127.0.0.1:0", "jolokia.address = off",
                "target.a.name = iqn.2026-11.org.jtgt.it:from-file", "target.a.lun.0 = memory:8M", "target.a.lun.1 = null:1G"));
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--config", config.toString());
        try {
            List<String> urls = readyUrls(daemon, 2, log);
            assertTrue(urls.get(0).endsWith("/iqn.2026-11.org.jtgt.it:from-file/0"), urls.get(0));
            String cap = RealInitiators.run(Duration.ofSeconds(30), "iscsi-readcapacity16", urls.get(1)).ok().output();
            assertTrue(cap.contains("Total size:1073741824"), cap);
        } finally {
            daemon.destroy();
            daemon.waitFor(15, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBadConfigurationFileExitsWithTwoAndNamesTheLine(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("bad.properties");
        Files.write(config, List.of("# jtgt", "server.portal = 127.0.0.1:0", "target.a.name = iqn.2026-11.org.jtgt.it:x",
                "target.a.lun.0 = memroy:1G"));
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--config", config.toString(), "--jolokia", "off");
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS));
        String err = Files.readString(log);
        assertEquals(1, daemon.exitValue(), "the store scheme is checked when the LUN is made: " + err);
        assertTrue(err.contains("target.a.lun.0") && err.contains("memroy"), err);

        Files.write(config, List.of("# jtgt", "server.threads = two"));
        Process again = startDaemon(log, "--config", config.toString());
        assertTrue(again.waitFor(15, TimeUnit.SECONDS));
        assertEquals(2, again.exitValue());
        assertTrue(Files.readString(log).contains("line 2: server.threads"), Files.readString(log));
    }

    @Test
    void aBadCommandLineExitsWithTwo(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--threads", "zero");
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS));
        assertEquals(2, daemon.exitValue());
        assertTrue(Files.readString(log).contains("--threads needs a whole number"), Files.readString(log));
    }

    @Test
    void aStoreThatCannotOpenExitsWithOne(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("daemon.log");
        Process daemon = startDaemon(log, "--portal", "127.0.0.1:0", "--jolokia", "off", "--lun", "0=file:" + dir.resolve("missing.img"));
        assertTrue(daemon.waitFor(15, TimeUnit.SECONDS));
        assertEquals(1, daemon.exitValue());
        assertTrue(Files.readString(log).contains("missing.img"), Files.readString(log));
    }
}
