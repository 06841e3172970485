package org.jtgt.bench;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jtgt.server.JtgtServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Start-up of an embedded server in a warm JVM: from {@link JtgtServer.Builder#start()} of a
 * server with one memory LUN on a free loopback port until a login over a real socket has
 * succeeded (issue 6 asks for under 50 ms). Each measured shot is one start and one login; the
 * server is closed, untimed, after each.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 30)
@Measurement(iterations = 50)
@Fork(1)
public class StartupBenchmark {

    private static final String TARGET = "iqn.2026-11.org.jtgt:startup";

    private JtgtServer.Builder builder;
    private JtgtServer server;

    @Setup(Level.Iteration)
    public void configure() {
        builder = JtgtServer.builder().name("bench").shutdownGrace(Duration.ZERO).target(TARGET, t -> t.lun(0, "memory:64M"));
    }

    @Benchmark
    public JtgtServer startAndLogin() throws IOException {
        server = builder.start();
        LoginClient.login(server.portals().get(0), TARGET);
        return server;
    }

    @TearDown(Level.Iteration)
    public void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
