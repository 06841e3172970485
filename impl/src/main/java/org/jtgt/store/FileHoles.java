package org.jtgt.store;

import com.sun.jna.LastErrorException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The holes of one file, made and found through a libc descriptor of its own (opened for
 * reading and writing, next to whatever else has the file open): {@link #punch} releases the
 * space of a range with fallocate(2) {@code FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE}, and
 * {@link #allocated} and {@link #allocationRunEnd} tell which blocks hold space with lseek(2)
 * {@code SEEK_DATA} and {@code SEEK_HOLE}. Linux only (see {@link Libc}).
 *
 * <p>What counts as data is what the file system says: a block any byte of which is not in a
 * hole is allocated. File systems without hole tracking report the whole file as data, and
 * ext4 and XFS report space preallocated but never written (fallocate without flags) as hole;
 * either way a hole always reads as zeros.
 *
 * <p>Thread-safe: punches and queries run concurrently with each other and with I/O on other
 * descriptors of the file. {@link #close} waits for the calls in progress and makes later ones
 * fail, so that a descriptor number the kernel hands out again is never punched.
 */
final class FileHoles implements Closeable {

    /** libc, once loaded; guarded by the class. */
    private static Libc libc;

    private final Libc c;
    private final Path file;
    /** Shared by punches and queries, held exclusively to close the descriptor. */
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** The descriptor; -1 once closed. Guarded by {@link #lock}. */
    private int fd;

    private FileHoles(Libc c, Path file, int fd) {
        this.c = c;
        this.file = file;
        this.fd = fd;
    }

    /**
     * Opens a descriptor on {@code file}, which must exist and be writable.
     *
     * @throws UnsupportedOperationException naming why where libc cannot be reached
     * @throws IOException if the file cannot be opened
     */
    static FileHoles open(Path file) throws IOException {
        Libc c = libc();
        try {
            return new FileHoles(c, file, c.open(file.toString(), Libc.O_RDWR | Libc.O_CLOEXEC));
        } catch (LastErrorException e) {
            throw failure("open", file, e);
        }
    }

    private static synchronized Libc libc() {
        if (libc == null) {
            libc = Libc.load();
        }
        return libc;
    }

    /**
     * Releases the space of {@code length} bytes at {@code offset}; the file's size stays, and
     * the range reads as zeros afterwards. The file system zeroes the parts of its blocks at
     * the ends of the range and releases the whole blocks between them.
     *
     * @return {@code false}, changing nothing, if the file system cannot punch holes
     *         (EOPNOTSUPP, ENOSYS)
     * @throws IOException if the punch failed for another reason
     */
    boolean punch(long offset, long length) throws IOException {
        lock.readLock().lock();
        try {
            int d = descriptor();
            while (true) {
                try {
                    c.fallocate(d, Libc.FALLOC_FL_PUNCH_HOLE | Libc.FALLOC_FL_KEEP_SIZE, offset, length);
                    return true;
                } catch (LastErrorException e) {
                    int errno = e.getErrorCode();
                    if (errno == Libc.EOPNOTSUPP || errno == Libc.ENOSYS) {
                        return false;
                    }
                    if (errno != Libc.EINTR) {
                        throw failure("fallocate(PUNCH_HOLE) of " + length + " bytes at " + offset + " in", file, e);
                    }
                }
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Whether the block of {@code blockSize} bytes at {@code offset} holds space: some byte of
     * it is data rather than hole.
     */
    boolean allocated(long offset, int blockSize) throws IOException {
        return nextData(offset) < offset + blockSize;
    }

    /**
     * The end of the run of {@code blockSize}-byte blocks from {@code offset} that share the
     * {@link #allocated} state of the block at {@code offset}: the first block-aligned offset in
     * {@code (offset, limit)} where it changes, or {@code limit}. Under concurrent punches and
     * writes the answer describes the file at some moment during the call, as a read would.
     */
    long allocationRunEnd(long offset, long limit, int blockSize) throws IOException {
        long data = nextData(offset);
        if (data >= offset + blockSize) {
            // a hole up to data: the blocks wholly before it are in the hole
            return Math.min(limit, Math.max(offset + blockSize, data - data % blockSize));
        }
        long at = offset;
        while (true) {
            long hole = roundUp(nextHole(at), blockSize);
            if (hole >= limit) {
                return limit;
            }
            if (hole > offset && nextData(hole) >= hole + blockSize) {
                return hole;                     // the first block wholly in a hole
            }
            at = hole + blockSize;               // the hole ends inside that block: it is allocated
        }
    }

    private static long roundUp(long offset, int blockSize) {
        long partial = offset % blockSize;
        return partial == 0 ? offset : offset - partial + blockSize;
    }

    /** The first offset at or after {@code offset} that is data; {@link Long#MAX_VALUE} if none is. */
    private long nextData(long offset) throws IOException {
        long at = seek(offset, Libc.SEEK_DATA, "SEEK_DATA");
        return at < 0 ? Long.MAX_VALUE : at;
    }

    /** The first offset at or after {@code offset} that is in a hole; the end of the file is one. */
    private long nextHole(long offset) throws IOException {
        long at = seek(offset, Libc.SEEK_HOLE, "SEEK_HOLE");
        return at < 0 ? offset : at;
    }

    /** lseek(2) with {@code whence}; -1 for ENXIO (nothing of the kind from {@code offset} on). */
    private long seek(long offset, int whence, String name) throws IOException {
        lock.readLock().lock();
        try {
            return c.lseek(descriptor(), offset, whence);
        } catch (LastErrorException e) {
            if (e.getErrorCode() == Libc.ENXIO) {
                return -1;
            }
            throw failure("lseek(" + name + ") from " + offset + " in", file, e);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The descriptor, under the lock. */
    private int descriptor() throws IOException {
        if (fd < 0) {
            throw new IOException("the descriptor for the holes of " + file + " is closed");
        }
        return fd;
    }

    private static IOException failure(String call, Path file, LastErrorException e) {
        return new IOException(call + " " + file + " failed: " + e.getMessage(), e);
    }

    /** Closes the descriptor once the calls in progress are done; later calls fail. Idempotent. */
    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (fd >= 0) {
                int d = fd;
                fd = -1;
                c.close(d);
            }
        } catch (LastErrorException e) {
            throw failure("close of the descriptor for", file, e);
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Override
    public String toString() {
        return "holes of " + file;
    }
}
