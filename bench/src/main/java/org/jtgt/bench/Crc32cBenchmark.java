package org.jtgt.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jtgt.pdu.Crc32cDigest;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Crc32cDigest} over a 48-byte header and over 8 KiB, 64 KiB and 256 KiB of data in a
 * direct buffer (where data segments live). Besides operations per second, JMH reports the
 * {@code bytes} counter as a rate: bytes digested per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class Crc32cBenchmark {

    /** Bytes per digest. */
    @Param({"48", "8192", "65536", "262144"})
    int size;

    private ByteBuffer buffer;
    private final Crc32cDigest digest = new Crc32cDigest();

    /** Bytes digested, reported per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Throughput {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setUp() {
        byte[] random = new byte[size];
        ThreadLocalRandom.current().nextBytes(random);
        buffer = ByteBuffer.allocateDirect(size).put(random).flip();
    }

    @Benchmark
    public int crc32c(Throughput counter) {
        counter.bytes += size;
        return digest.compute(buffer, 0, size);
    }
}
