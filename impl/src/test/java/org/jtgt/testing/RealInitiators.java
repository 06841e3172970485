package org.jtgt.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs real initiators (libiscsi's tools, qemu-img, qemu-io) as processes for integration
 * tests. A missing tool is a test failure that names the Debian package to install, never a
 * skip: CI must not go green without having driven a real peer.
 */
public final class RealInitiators {

    /** The Debian package of each tool the tests use. */
    private static final Map<String, String> PACKAGES = Map.of(
            "iscsi-ls", "libiscsi-bin",
            "iscsi-inq", "libiscsi-bin",
            "iscsi-readcapacity16", "libiscsi-bin",
            "iscsi-perf", "libiscsi-bin",
            "iscsi-test-cu", "libiscsi-bin",
            "qemu-img", "qemu-utils",
            "qemu-io", "qemu-utils");

    private RealInitiators() {
    }

    /** What a finished process printed. */
    public record Result(int exitCode, String output) {

        /** Fails the test unless the process exited with 0. */
        public Result ok() {
            if (exitCode != 0) {
                fail("exit code " + exitCode + ", output:\n" + output);
            }
            return this;
        }
    }

    /** Fails the test if {@code tool} is not on the PATH, naming its package. */
    public static void require(String tool) {
        if (find(tool) == null) {
            String pkg = PACKAGES.getOrDefault(tool, "?");
            fail(tool + " is not installed; the integration tests need real initiators: "
                    + "apt-get install -y libiscsi-bin qemu-utils qemu-block-extra (" + tool + " is in " + pkg + ")");
        }
    }

    private static Path find(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, tool);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    /** Runs a tool to its end or the timeout (then it is killed and the test fails). */
    public static Result run(Duration timeout, String... command) {
        require(command[0]);
        List<String> cmd = new ArrayList<>(List.of(command));
        try {
            Path log = Files.createTempFile("jtgt-initiator-", ".log");
            try {
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                    fail(String.join(" ", cmd) + " did not finish within " + timeout + "; output:\n" + text(log));
                }
                return new Result(p.exitValue(), text(log));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + cmd + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A tool's output as text; bytes that are not UTF-8 (binary designators) become replacement characters. */
    public static String text(Path output) throws IOException {
        return new String(Files.readAllBytes(output), StandardCharsets.UTF_8);
    }

    /** Starts a tool without waiting, output to a file; for concurrent sessions. */
    public static Process start(Path output, String... command) throws IOException {
        require(command[0]);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
    }
}
