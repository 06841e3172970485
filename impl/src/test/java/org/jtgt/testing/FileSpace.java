package org.jtgt.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The space files hold on their file systems, for tests of stores that release it: temporary
 * directories on a chosen file system, and the allocated size of a file as stat(1) reports it.
 */
public final class FileSpace {

    /** The name {@link #directoryOn} takes for the JVM's temporary directory. */
    public static final String TMP = "tmp";

    private FileSpace() {
    }

    /**
     * A new empty directory in {@code where}: {@link #TMP} for {@code java.io.tmpdir}, or a
     * directory such as {@code /dev/shm}; the test is skipped if that does not exist here.
     * Delete it with {@link #delete}.
     */
    public static Path directoryOn(String where) throws IOException {
        Path parent = where.equals(TMP) ? Path.of(System.getProperty("java.io.tmpdir")) : Path.of(where);
        Assumptions.assumeTrue(Files.isDirectory(parent), parent + " does not exist on this machine");
        return Files.createTempDirectory(parent, "jtgt-space-");
    }

    /** Deletes {@code dir} and everything in it; nothing for {@code null}. */
    public static void delete(Path dir) throws IOException {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The 512-byte units the file holds on its file system: {@code stat -c %b}. */
    public static long allocatedUnits(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("stat", "-c", "%b", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stat did not finish");
        assertEquals(0, p.exitValue(), "stat -c %b " + file + ": " + out);
        return Long.parseLong(out);
    }
}
