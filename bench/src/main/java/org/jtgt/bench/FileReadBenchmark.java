package org.jtgt.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jtgt.store.FileStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a READ from a file store costs before the socket sees it: {@link FileStore#read} of 4 KiB
 * and 128 KiB from a file in the page cache into a direct buffer, the copy that
 * {@code FileChannel.transferTo} would save (BENCHMARKS.md weighs it).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FileReadBenchmark {

    private static final long FILE_BYTES = 64L << 20;

    /** Bytes per read. */
    @Param({"4096", "131072"})
    int size;

    private Path file;
    private FileStore store;
    private ByteBuffer buffer;
    private long offset;

    @Setup
    public void setUp() throws IOException {
        file = Files.createTempFile("jtgt-bench", ".img");
        store = new FileStore(file, FILE_BYTES, 512, false);
        ByteBuffer fill = ByteBuffer.allocateDirect(1 << 20);
        for (int i = 0; i < fill.capacity(); i++) {
            fill.put(i, (byte) i);
        }
        for (long at = 0; at < FILE_BYTES; at += fill.capacity()) {
            store.write(at, fill.clear());
        }
        buffer = ByteBuffer.allocateDirect(size);
    }

    @Benchmark
    public ByteBuffer read() throws IOException {
        offset = (offset + size) % FILE_BYTES;
        store.read(offset, buffer.clear());
        return buffer;
    }

    @TearDown
    public void tearDown() throws IOException {
        store.close();
        Files.deleteIfExists(file);
    }
}
