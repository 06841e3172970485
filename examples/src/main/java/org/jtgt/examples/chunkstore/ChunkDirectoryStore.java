package org.jtgt.examples.chunkstore;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jtgt.api.BackingStore;

/**
 * An example {@link BackingStore}: a disk kept as a directory of chunk files, one file per
 * {@code chunkSize} bytes ({@code chunk-00000042}), created on the first write to the chunk. A
 * missing chunk reads as zeros, so a large disk costs only what was written; unmapping a whole
 * chunk deletes its file. The data survives the process: a store opened again on the same
 * directory sees it.
 *
 * <p>Thread safety: the engine calls a store from several threads at once. Each chunk has a
 * read-write lock: transfers take it shared (positional {@link FileChannel} I/O is safe in
 * parallel), creating and deleting a chunk file take it exclusively. Blocking: this store does
 * file I/O, so {@link #blocking()} is {@code true} and the engine calls it only from its store
 * executor.
 */
public final class ChunkDirectoryStore implements BackingStore {

    private static final int LOCK_STRIPES = 64;

    private final Path directory;
    private final long size;
    private final int chunkSize;
    private final ReadWriteLock[] locks = new ReadWriteLock[LOCK_STRIPES];

    /**
     * Opens (creating it if needed) a chunk directory.
     *
     * @param size the disk size, a multiple of 512
     * @param chunkSize bytes per chunk file, a power of two from 4 KiB to 64 MiB
     */
    public ChunkDirectoryStore(Path directory, long size, int chunkSize) throws IOException {
        if (size <= 0 || size % 512 != 0) {
            throw new IllegalArgumentException("size must be a positive multiple of 512, not " + size);
        }
        if (Integer.bitCount(chunkSize) != 1 || chunkSize < 4096 || chunkSize > (64 << 20)) {
            throw new IllegalArgumentException("chunk size must be a power of two from 4K to 64M, not " + chunkSize);
        }
        this.directory = Files.createDirectories(directory);
        this.size = size;
        this.chunkSize = chunkSize;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean blocking() {
        return true;
    }

    /** The file that holds chunk {@code index}; it exists only once the chunk was written. */
    public Path chunkFile(long index) {
        return directory.resolve(String.format("chunk-%08d", index));
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            long chunk = offset / chunkSize;
            int within = (int) (offset % chunkSize);
            int n = Math.min(dst.remaining(), chunkSize - within);
            ByteBuffer part = dst.slice(dst.position(), n);
            ReadWriteLock lock = lockOf(chunk);
            lock.readLock().lock();
            try (FileChannel file = FileChannel.open(chunkFile(chunk), StandardOpenOption.READ)) {
                readFully(file, part, within);
            } catch (NoSuchFileException never) {
                zero(part);
            } finally {
                lock.readLock().unlock();
            }
            dst.position(dst.position() + n);
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            long chunk = offset / chunkSize;
            int within = (int) (offset % chunkSize);
            int n = Math.min(src.remaining(), chunkSize - within);
            ByteBuffer part = src.slice(src.position(), n);
            ReadWriteLock lock = lockOf(chunk);
            lock.readLock().lock();
            try (FileChannel file = FileChannel.open(chunkFile(chunk), StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                while (part.hasRemaining()) {
                    file.write(part, within + part.position());
                }
            } finally {
                lock.readLock().unlock();
            }
            src.position(src.position() + n);
            offset += n;
        }
    }

    /** Every write went through a channel that was closed, so the page cache holds it; force it to disk. */
    @Override
    public void flush() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                try (FileChannel file = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    file.force(false);
                } catch (NoSuchFileException deletedMeanwhile) {
                    // unmapped while we listed: nothing to force
                }
            }
        }
    }

    @Override
    public boolean supportsUnmap() {
        return true;
    }

    @Override
    public int unmapGranularity() {
        return chunkSize;
    }

    /** Deletes the files of whole chunks in the range and writes zeros over partial ones. */
    @Override
    public void unmap(long offset, long length) throws IOException {
        long end = offset + length;
        while (offset < end) {
            long chunk = offset / chunkSize;
            long chunkStart = chunk * chunkSize;
            long n = Math.min(end, chunkStart + chunkSize) - offset;
            if (n == chunkSize) {
                ReadWriteLock lock = lockOf(chunk);
                lock.writeLock().lock();
                try {
                    Files.deleteIfExists(chunkFile(chunk));
                } finally {
                    lock.writeLock().unlock();
                }
            } else if (Files.exists(chunkFile(chunk))) {
                write(offset, ByteBuffer.allocate((int) n));
            }
            offset += n;
        }
    }

    @Override
    public boolean allocated(long offset) {
        return Files.exists(chunkFile(offset / chunkSize));
    }

    @Override
    public long allocationRunEnd(long offset, long limit) {
        boolean state = allocated(offset);
        long next = (offset / chunkSize + 1) * chunkSize;
        while (next < limit && allocated(next) == state) {
            next += chunkSize;
        }
        return Math.min(next, limit);
    }

    /** Nothing stays open between calls. */
    @Override
    public void close() {
    }

    private ReadWriteLock lockOf(long chunk) {
        return locks[(int) (chunk % LOCK_STRIPES)];
    }

    private static void readFully(FileChannel file, ByteBuffer part, long position) throws IOException {
        while (part.hasRemaining()) {
            int r = file.read(part, position + part.position());
            if (r < 0) {
                zero(part);     // a chunk file is shorter than a chunk when its tail was never written
                return;
            }
        }
    }

    private static void zero(ByteBuffer part) {
        while (part.hasRemaining()) {
            part.put((byte) 0);
        }
    }
}
