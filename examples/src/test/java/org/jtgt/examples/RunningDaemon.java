package org.jtgt.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The packaged daemon ({@code jmx/target/jtgt.jar}, built by the jmx module before this one)
 * run as a separate process, the way operators run it, optionally with more jars or class
 * folders on its class path (plug-ins). Waits for its ready lines; {@link #close()} sends
 * SIGTERM and checks it exits with 0.
 */
public final class RunningDaemon implements Closeable {

    private final Process process;
    private final Path log;
    private final List<String> urls = new ArrayList<>();
    private String jolokia;

    private RunningDaemon(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code java -cp jtgt.jar[:plugins] org.jtgt.jmx.Daemon options} and waits until
     * it printed {@code luns} ready lines (and the Jolokia line unless {@code --jolokia off}).
     */
    public static RunningDaemon start(Path log, List<Path> plugins, int luns, String... options) throws IOException {
        Path jar = Path.of("..", "jmx", "target", "jtgt.jar");
        assertTrue(Files.exists(jar), jar.toAbsolutePath() + " is missing: build with mvn package first");
        StringBuilder classPath = new StringBuilder(jar.toString());
        plugins.forEach(p -> classPath.append(java.io.File.pathSeparatorChar).append(p));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath.toString(), "org.jtgt.jmx.Daemon"));
        cmd.addAll(List.of(options));
        RunningDaemon d = new RunningDaemon(new ProcessBuilder(cmd).redirectError(log.toFile()).start(), log);
        boolean jolokiaOff = List.of(options).contains("off");
        try {
            d.awaitReady(luns, !jolokiaOff);
        } catch (IOException | RuntimeException | Error e) {
            d.process.destroyForcibly();
            throw e;
        }
        return d;
    }

    private void awaitReady(int luns, boolean expectJolokia) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        while (urls.size() < luns || (expectJolokia && jolokia == null)) {
            String line = out.readLine();
            assertNotNull(line, "the daemon exited early; its log:\n" + Files.readString(log));
            if (line.startsWith("jtgt: ready ")) {
                urls.add(line.substring("jtgt: ready ".length()));
            } else if (line.startsWith("jtgt: jolokia ")) {
                jolokia = line.substring("jtgt: jolokia ".length());
            }
        }
    }

    /** The LUN URLs from the ready lines, in order. */
    public List<String> urls() {
        return urls;
    }

    /** The Jolokia base URL, {@code http://HOST:PORT/jolokia/}, or null if it is off. */
    public String jolokia() {
        return jolokia;
    }

    /** What the daemon logged to standard error so far. */
    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, then checks for a clean exit (status 0) within 15 s. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "the daemon stops on SIGTERM");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroyForcibly();
        }
        assertEquals(0, process.exitValue(), "a clean shutdown; log:\n" + log());
    }
}
