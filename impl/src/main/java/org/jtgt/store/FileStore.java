package org.jtgt.store;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.BackingStore;

/**
 * A store in a file, read and written with positional {@link FileChannel} I/O; flush forces
 * the file's data to the device.
 *
 * <h2>Blocking</h2>
 * A file on a device is {@link #blocking()}: the engine runs it on the store executor. A file
 * on a memory file system (tmpfs, ramfs) never waits for a device, so unless told otherwise
 * such a store is not blocking and the engine serves it on the I/O workers, as it does memory,
 * saving two hand-offs between threads per command. Telling it is the constructor's (and the
 * URI's) {@code blocking}; say {@code true} where a tmpfs may swap its pages out, as a read of
 * a swapped-out page waits for the swap device. A writable store that cannot punch holes (see
 * below) is blocking whatever it is told, since its unmaps write zeros and may take long; so is
 * anything but a regular file unless told otherwise.
 *
 * <h2>Unmap and allocation</h2>
 * A writable file store supports {@link #unmap}: on Linux it punches a hole in the file
 * ({@link FileHoles}), which releases the space of the file system blocks inside the range and
 * zeroes the parts of blocks at its ends, so the range reads as zeros and the file keeps its
 * size. Where no hole can be punched (not Linux on x86-64 or AArch64, JNA's native part does not
 * load, not a regular file, or the file system refuses with EOPNOTSUPP or ENOSYS) the range is written with zeros instead: it
 * reads the same, but keeps its space. Either case is logged once, as a warning. The unmap
 * granularity is the file system's block size when that is a power-of-two multiple of the
 * store's block size (at most 1 MiB), otherwise one block.
 *
 * <p>Allocation is what the file system reports through lseek's SEEK_DATA and SEEK_HOLE: a
 * block is allocated when any byte of it is data, deallocated when it lies wholly in a hole
 * (never written, or punched). Where holes cannot be found (no libc), every block is reported
 * allocated, which is never false about what reads return.
 *
 * <p>A read-only store is reported fully provisioned: {@link #supportsUnmap()} is {@code false}
 * (it could not release anything) and every block is allocated.
 *
 * <h2>Threads</h2>
 * Thread-safe: positional transfers on one channel, punches and allocation queries may all run
 * concurrently, as the {@link BackingStore} contract allows. The file must not be replaced or
 * truncated behind the store's back while it is open (a truncated tail reads as zeros).
 */
public final class FileStore implements BackingStore {

    private static final Logger LOG = LogManager.getLogger(FileStore.class);
    /** Whether the warning that no file store can punch holes in this JVM was logged. */
    private static final AtomicBoolean NO_HOLES_LOGGED = new AtomicBoolean();
    private static final int MAX_UNMAP_GRANULARITY = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int blockSize;
    private final int physicalBlockSize;
    private final boolean readOnly;
    private final boolean blocking;
    private final int unmapGranularity;
    /** Punches and finds the file's holes; {@code null} if read-only or where holes cannot be punched. */
    private final FileHoles holes;
    /** Set when the file system first refuses to punch a hole: unmaps write zeros from then on. */
    private final AtomicBoolean punchRefused = new AtomicBoolean();

    /**
     * Opens a file store whose physical blocks are its logical blocks, blocking unless the file
     * is on a memory file system.
     *
     * @param size the store size; a file shorter than that is extended (sparsely), or -1 to use
     *        the file's own length rounded down to whole blocks
     */
    public FileStore(Path path, long size, int blockSize, boolean readOnly) throws IOException {
        this(path, size, blockSize, blockSize, readOnly);
    }

    /**
     * Opens a file store, blocking unless the file is on a memory file system.
     *
     * @param size the store size; a file shorter than that is extended (sparsely), or -1 to use
     *        the file's own length rounded down to whole blocks
     * @param physicalBlockSize what {@link #physicalBlockSize()} reports, e.g. the sector size
     *        of the device under the file
     */
    public FileStore(Path path, long size, int blockSize, int physicalBlockSize, boolean readOnly) throws IOException {
        this(path, size, blockSize, physicalBlockSize, readOnly, blockingByDefault(path));
    }

    /**
     * Opens a file store.
     *
     * @param size the store size; a file shorter than that is extended (sparsely), or -1 to use
     *        the file's own length rounded down to whole blocks
     * @param physicalBlockSize what {@link #physicalBlockSize()} reports, e.g. the sector size
     *        of the device under the file
     * @param blocking what {@link #blocking()} answers: {@code false} only for a file that
     *        never waits for a device (see the class comment)
     */
    public FileStore(Path path, long size, int blockSize, int physicalBlockSize, boolean readOnly, boolean blocking) throws IOException {
        this(path, size, blockSize, physicalBlockSize, readOnly, blocking, true);
    }

    /**
     * A writable store that writes zeros on unmap, as where holes cannot be punched: for tests
     * of that fallback on a machine that can punch them.
     */
    static FileStore zeroingOnUnmap(Path path, long size, int blockSize) throws IOException {
        return new FileStore(path, size, blockSize, blockSize, false, false, false);
    }

    private FileStore(Path path, long size, int blockSize, int physicalBlockSize, boolean readOnly, boolean blocking, boolean punchHoles)
            throws IOException {
        this.path = path;
        this.blockSize = blockSize;
        this.physicalBlockSize = physicalBlockSize;
        this.readOnly = readOnly;
        if (size < 0 && !Files.exists(path)) {
            throw new IOException("file " + path + " does not exist; give a size to create it (file:" + path + "?size=1G)");
        }
        Set<StandardOpenOption> options = readOnly ? EnumSet.of(StandardOpenOption.READ)
                : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        this.channel = FileChannel.open(path, options);
        try {
            long length = channel.size();
            if (size < 0) {
                size = length - length % blockSize;
                if (size == 0) {
                    throw new IOException("file " + path + " is smaller than one block");
                }
            } else if (length < size) {
                if (readOnly) {
                    throw new IOException("file " + path + " has " + length + " bytes, less than the size " + size + " of a read-only store");
                }
                try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "rw")) {
                    file.setLength(size);       // ftruncate: the new tail is a hole, allocating nothing
                }
            }
            this.size = size;
            this.unmapGranularity = unmapGranularity(fileSystemBlockSize(path), blockSize);
            this.holes = readOnly || !punchHoles || !Files.isRegularFile(path) ? null : openHoles(path);
            // an unmap that writes zeros can take long: never on an I/O worker
            this.blocking = blocking || !readOnly && holes == null;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The holes of the file, or {@code null} where libc cannot punch them (logged once per JVM)
     * or this file cannot be opened for it (logged for the file).
     */
    private static FileHoles openHoles(Path path) {
        try {
            return FileHoles.open(path);
        } catch (UnsupportedOperationException | LinkageError e) {
            if (NO_HOLES_LOGGED.compareAndSet(false, true)) {
                LOG.warn("file stores write zeros on unmap instead of punching holes, so unmapped blocks keep their space: {}", e.toString());
            }
        } catch (IOException e) {
            LOG.warn("file store {} writes zeros on unmap instead of punching holes, so unmapped blocks keep their space: {}", path, e.toString());
        }
        return null;
    }

    /**
     * Whether a store in {@code path} is blocking unless told: not if the file, or the nearest
     * directory above it that exists, is on a memory file system; if that cannot be told, it is.
     * Anything but a regular file (a device node in a tmpfs {@code /dev}, say) is blocking.
     */
    static boolean blockingByDefault(Path path) {
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            return true;
        }
        Path existing = path.toAbsolutePath();
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        try {
            return existing == null || !memoryFileSystem(Files.getFileStore(existing).type());
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Whether a file system of {@code type} ({@link java.nio.file.FileStore#type()}, the type
     * the mount table names) keeps its files in memory: tmpfs and ramfs.
     */
    static boolean memoryFileSystem(String type) {
        return type.equals("tmpfs") || type.equals("ramfs");
    }

    /** The block size of the file system under {@code path}; 0 if it does not tell. */
    private static long fileSystemBlockSize(Path path) {
        try {
            return Files.getFileStore(path).getBlockSize();
        } catch (IOException | UnsupportedOperationException e) {
            return 0;
        }
    }

    /**
     * The unmap granularity for a file system with blocks of {@code fileSystemBlockSize} bytes:
     * that, if it is a power-of-two multiple of {@code blockSize} of at most 1 MiB, else
     * {@code blockSize}.
     */
    static int unmapGranularity(long fileSystemBlockSize, int blockSize) {
        boolean fits = fileSystemBlockSize >= blockSize && fileSystemBlockSize <= MAX_UNMAP_GRANULARITY
                && fileSystemBlockSize % blockSize == 0 && Long.bitCount(fileSystemBlockSize / blockSize) == 1;
        return fits ? (int) fileSystemBlockSize : blockSize;
    }

    public Path path() {
        return path;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int physicalBlockSize() {
        return physicalBlockSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    /** As constructed: by default, {@code true} unless the file is on a memory file system. */
    @Override
    public boolean blocking() {
        return blocking;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = channel.read(dst, offset);
            if (n < 0) {
                // the file was truncated behind our back: what is not there reads as zeros
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            offset += channel.write(src, offset);
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    /** Whether the store is writable: a read-only one could release nothing. */
    @Override
    public boolean supportsUnmap() {
        return !readOnly;
    }

    /**
     * Punches a hole over the range, or writes zeros over it where that cannot be done (see
     * the class comment). Either way the range reads as zeros afterwards.
     */
    @Override
    public void unmap(long offset, long length) throws IOException {
        if (readOnly) {
            throw new UnsupportedOperationException(this + " is read-only");
        }
        if (holes != null && !punchRefused.get()) {
            if (holes.punch(offset, length)) {
                return;
            }
            if (punchRefused.compareAndSet(false, true)) {
                LOG.warn("{}: the file system cannot punch holes; unmapped blocks are written with zeros and keep their space", this);
            }
        }
        writeZeros(offset, length);
    }

    private void writeZeros(long offset, long length) throws IOException {
        long end = offset + length;
        while (offset < end) {
            int n = (int) Math.min(ZEROS.capacity(), end - offset);
            write(offset, ZEROS.duplicate().limit(n));
            offset += n;
        }
    }

    /** The file system's block size, or one block (see the class comment). */
    @Override
    public int unmapGranularity() {
        return unmapGranularity;
    }

    /** Whether any byte of the block is data rather than hole; always where holes cannot be found. */
    @Override
    public boolean allocated(long offset) throws IOException {
        return holes == null || holes.allocated(offset, blockSize);
    }

    @Override
    public long allocationRunEnd(long offset, long limit) throws IOException {
        return holes == null ? limit : holes.allocationRunEnd(offset, limit, blockSize);
    }

    /** Closes the file, and the descriptor for its holes. */
    @Override
    public void close() throws IOException {
        try (FileChannel c = channel) {
            if (holes != null) {
                holes.close();
            }
        }
    }

    @Override
    public String toString() {
        return "file store " + path;
    }
}
