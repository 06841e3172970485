package org.jtgt.examples.chunkstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.jtgt.examples.RunningDaemon;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 2: a store of your own, plugged in through {@code META-INF/services}. The server
 * finds {@code chunkdir:} by its scheme, exactly as it finds {@code memory:} and {@code file:};
 * qemu-io writes through it, and the chunk files show what was written.
 */
class ChunkDirectoryStoreTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.examples:chunks";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static String qemuIo(String url, String... commands) {
        List<String> cmd = new java.util.ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url);
        String out = RealInitiators.run(TIMEOUT, cmd.toArray(String[]::new)).ok().output();
        assertFalse(out.toLowerCase().contains("fail"), out);
        return out;
    }

    private static List<String> chunkFiles(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void onlyTheChunksWrittenExistAndReadBack(@TempDir Path dir) throws Exception {
        Path chunks = dir.resolve("disk");
        try (JtgtServer server = JtgtServer.builder().target(TARGET, t -> t.lun(0, "chunkdir:" + chunks + "?size=64M")).start()) {
            String url = server.url(TARGET, 0);
            qemuIo(url, "write -P 0x11 0 1M", "write -P 0x22 40M 512k");
            assertEquals(List.of("chunk-00000000", "chunk-00000040"), chunkFiles(chunks), "one file per 1 MiB chunk written");
            String out = qemuIo(url, "read -P 0x11 0 1M", "read -P 0x22 40M 512k", "read -P 0 41472k 512k", "read -P 0 20M 1M");
            assertTrue(out.contains("read 524288/524288"), out);
        }
    }

    @Test
    void dataSurvivesARestartOfTheServer(@TempDir Path dir) throws Exception {
        String store = "chunkdir:" + dir.resolve("disk") + "?size=16M&chunk=64K";
        try (JtgtServer server = JtgtServer.builder().target(TARGET, t -> t.lun(0, store)).start()) {
            qemuIo(server.url(TARGET, 0), "write -P 0x5c 3M 200k", "flush");
        }
        try (JtgtServer again = JtgtServer.builder().target(TARGET, t -> t.lun(0, store)).start()) {
            qemuIo(again.url(TARGET, 0), "read -P 0x5c 3M 200k", "read -P 0 0 3M");
        }
    }

    @Test
    void discardDeletesWholeChunks(@TempDir Path dir) throws Exception {
        Path chunks = dir.resolve("disk");
        try (JtgtServer server = JtgtServer.builder().target(TARGET, t -> t.lun(0, "chunkdir:" + chunks + "?size=64M")).start()) {
            String url = server.url(TARGET, 0);
            qemuIo(url, "write -P 0x33 8M 2M");
            assertEquals(List.of("chunk-00000008", "chunk-00000009"), chunkFiles(chunks));
            qemuIo(url, "discard 8M 1M");
            assertEquals(List.of("chunk-00000009"), chunkFiles(chunks), "UNMAP of a whole chunk deletes its file");
            qemuIo(url, "read -P 0 8M 1M", "read -P 0x33 9M 1M");
        }
    }

    @Test
    void aUriWithoutSizeIsRefusedWithAClearMessage(@TempDir Path dir) {
        Exception e = assertThrows(Exception.class,
                () -> JtgtServer.builder().target(TARGET, t -> t.lun(0, "chunkdir:" + dir)).start().close());
        String message = String.valueOf(e.getMessage()) + " " + e.getCause();
        assertTrue(message.contains("needs a size"), message);
    }

    @Test
    void theDaemonLoadsThePluginFromItsClassPath(@TempDir Path dir) throws Exception {
        Path chunks = dir.resolve("disk");
        try (RunningDaemon daemon = RunningDaemon.start(dir.resolve("daemon.log"), List.of(Path.of("target", "classes")), 1,
                "--portal", "127.0.0.1:0", "--jolokia", "off", "--lun", "0=chunkdir:" + chunks + "?size=32M")) {
            String url = daemon.urls().get(0);
            String cap = RealInitiators.run(TIMEOUT, "iscsi-readcapacity16", url).ok().output();
            assertTrue(cap.contains("Total size:33554432"), cap);
            qemuIo(url, "write -P 0x44 5M 4k");
            assertEquals(List.of("chunk-00000005"), chunkFiles(chunks));
        }
    }
}
