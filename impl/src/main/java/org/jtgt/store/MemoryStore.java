package org.jtgt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;
import org.jtgt.api.BackingStore;

/**
 * A sparse store in off-heap memory: 64 KiB chunks of direct memory, allocated on the first
 * write that touches them, found through a two-level table (1 GiB segments of chunks) that is
 * itself allocated lazily. A 1 TiB store costs a few kilobytes until written; unwritten and
 * unmapped ranges read as zeros. Allocation is reported per chunk: a block is allocated when
 * its chunk holds memory.
 *
 * <h2>Snapshots, restore, reset, seeding</h2>
 * For test suites and embedders that prepare disks:
 * <ul>
 * <li>{@link #snapshot()} freezes the current contents and returns them as a
 *     {@link MemorySnapshot}, copying no data: the store goes on with a new version of its
 *     table that shares every chunk with the snapshot, and copies a shared chunk (64 KiB) the
 *     first time it is written afterwards (copy on write). A snapshot holds the memory of the
 *     chunks it shares until it is no longer referenced.</li>
 * <li>{@link #restore(MemorySnapshot)} makes a snapshot's contents current again, just as cheaply
 *     (the snapshot stays valid and can be restored again).</li>
 * <li>{@link #reset()} makes every byte zero again and drops the store's references to its
 *     memory: chunks no snapshot shares are garbage from then on, and {@link #allocatedBytes()}
 *     is zero.</li>
 * <li>{@link #seed(long, byte[])} and {@link #seed(long, Path)} write bytes or a raw image file
 *     at an offset, also into a {@link #readOnly()} store (read-only is what initiators see);
 *     chunks of the source that are all zeros and land on unallocated chunks stay unallocated.</li>
 * </ul>
 * Each of these takes time in proportion to the store's size in GiB (one reference per GiB is
 * copied), never to the data written; seeding takes time in proportion to what it writes.
 *
 * <h2>Threads</h2>
 * Every method is safe from any thread. Reads take no lock: a read looks up the current table
 * once and reads from it, so it sees the contents either before or after a concurrent
 * snapshot, restore or reset, never a mix. Writes and unmaps share a {@link StampedLock} that
 * snapshot, restore and reset take exclusively, so each write lands wholly before or wholly
 * after them and no write is ever lost into a frozen snapshot. Seeding is a series of ordinary
 * writes. A write therefore waits only while a snapshot, restore or reset swaps the table
 * (microseconds); nothing else blocks.
 *
 * <p>An initiator logged in to a LUN over this store is not told when {@link #restore} or
 * {@link #reset} change the contents under it: its next read simply returns the new contents,
 * and whatever it cached of the old ones is stale. {@code JtgtServer.memoryLun(...)} ends the
 * target's sessions first, which is the way to change contents while a server runs.
 */
public final class MemoryStore implements BackingStore {

    static final int CHUNK_SIZE = ChunkTable.CHUNK_SIZE;
    private static final int CHUNK_SHIFT = ChunkTable.CHUNK_SHIFT;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK_SIZE).asReadOnlyBuffer();

    private final long size;
    private final int blockSize;
    private final int physicalBlockSize;
    private final boolean readOnly;
    /** Shared by writes and unmaps, held exclusively while {@link #current} is replaced. */
    private final StampedLock versionLock = new StampedLock();
    /** The version of the contents that reads and writes use; replaced under the exclusive lock. */
    private volatile ChunkTable current;
    /** The generation of the newest table made; changed under the exclusive lock. */
    private long newestGeneration;

    /** A store of {@code size} bytes whose physical blocks are its logical blocks. */
    public MemoryStore(long size, int blockSize, boolean readOnly) {
        this(size, blockSize, blockSize, readOnly);
    }

    /**
     * @param physicalBlockSize what {@link #physicalBlockSize()} reports (memory has no
     *        physical blocks; the disk advertises and aligns to it as configured)
     */
    public MemoryStore(long size, int blockSize, int physicalBlockSize, boolean readOnly) {
        if (size <= 0 || size % blockSize != 0) {
            throw new IllegalArgumentException("memory store size " + size + " is not a positive multiple of " + blockSize);
        }
        this.size = size;
        this.blockSize = blockSize;
        this.physicalBlockSize = physicalBlockSize;
        this.readOnly = readOnly;
        this.current = new ChunkTable(size, newestGeneration);
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

    @Override
    public boolean blocking() {
        return false;
    }

    /**
     * Bytes of memory in the chunks the current contents map (what GET LBA STATUS reports
     * allocated), whether or not a snapshot shares them.
     */
    public long allocatedBytes() {
        return current.allocatedBytes();
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        ChunkTable table = current;
        while (dst.hasRemaining()) {
            int within = (int) (offset & (CHUNK_SIZE - 1));
            int n = Math.min(dst.remaining(), CHUNK_SIZE - within);
            ByteBuffer chunk = table.chunk(offset >>> CHUNK_SHIFT);
            dst.put(dst.position(), chunk != null ? chunk : ZEROS, chunk != null ? within : 0, n);
            dst.position(dst.position() + n);
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        long stamp = versionLock.readLock();
        try {
            ChunkTable table = current;
            while (src.hasRemaining()) {
                int within = (int) (offset & (CHUNK_SIZE - 1));
                int n = Math.min(src.remaining(), CHUNK_SIZE - within);
                writableChunk(table, offset >>> CHUNK_SHIFT).put(within, src, src.position(), n);
                src.position(src.position() + n);
                offset += n;
            }
        } finally {
            versionLock.unlockRead(stamp);
        }
    }

    private static ByteBuffer writableChunk(ChunkTable table, long index) throws OutOfMemoryErrorAsIo {
        try {
            return table.writableChunk(index);
        } catch (OutOfMemoryError e) {
            throw new OutOfMemoryErrorAsIo(e);
        }
    }

    @Override
    public void flush() {
        // memory has no volatile cache to write back
    }

    @Override
    public boolean supportsUnmap() {
        return true;
    }

    /** Releases whole chunks in the range and zeroes the partial ones at its ends. */
    @Override
    public void unmap(long offset, long length) throws IOException {
        long stamp = versionLock.readLock();
        try {
            ChunkTable table = current;
            long end = offset + length;
            while (offset < end) {
                long index = offset >>> CHUNK_SHIFT;
                int within = (int) (offset & (CHUNK_SIZE - 1));
                int n = (int) Math.min(end - offset, CHUNK_SIZE - within);
                if (n == CHUNK_SIZE) {
                    table.release(index);
                } else if (table.allocated(index)) {
                    writableChunk(table, index).put(within, ZEROS, 0, n);
                }
                offset += n;
            }
        } finally {
            versionLock.unlockRead(stamp);
        }
    }

    /** Space is released in whole chunks; unmapping part of one zeroes that part. */
    @Override
    public int unmapGranularity() {
        return CHUNK_SIZE;
    }

    /** A block is allocated when its chunk is: written since the chunk was last released. */
    @Override
    public boolean allocated(long offset) {
        return current.allocated(offset >>> CHUNK_SHIFT);
    }

    /** Walks the chunks after {@code offset}'s, skipping unallocated segments whole. */
    @Override
    public long allocationRunEnd(long offset, long limit) {
        ChunkTable table = current;
        boolean state = table.allocated(offset >>> CHUNK_SHIFT);
        long index = (offset >>> CHUNK_SHIFT) + 1;
        while ((index << CHUNK_SHIFT) < limit) {
            if (!state && table.segmentEmpty(index)) {
                index = ChunkTable.nextSegmentStart(index);
                continue;
            }
            if (table.allocated(index) != state) {
                return index << CHUNK_SHIFT;
            }
            index++;
        }
        return limit;
    }

    // ---- versions of the contents

    /** The current version of the contents; for tests that look at which memory is shared. */
    ChunkTable currentContents() {
        return current;
    }

    /**
     * Freezes the current contents as a snapshot, copying no data (see the class comment).
     * Waits for writes in progress; writes that start later are not in the snapshot.
     */
    public MemorySnapshot snapshot() {
        long stamp = versionLock.writeLock();
        try {
            ChunkTable frozen = current;
            current = frozen.successor(++newestGeneration);
            return new MemorySnapshot(this, frozen);
        } finally {
            versionLock.unlockWrite(stamp);
        }
    }

    /**
     * Makes the snapshot's contents current again, copying no data; the snapshot stays valid.
     * Waits for writes in progress, which are lost with the contents they changed.
     *
     * @throws IllegalArgumentException if the snapshot was taken of another store
     */
    public void restore(MemorySnapshot snapshot) {
        requireOwn(snapshot);
        replaceContents(snapshot.contents());
    }

    /**
     * Returns the snapshot if it was taken of this store.
     *
     * @throws IllegalArgumentException if it was taken of another store
     */
    public MemorySnapshot requireOwn(MemorySnapshot snapshot) {
        if (!Objects.requireNonNull(snapshot, "snapshot").takenOf(this)) {
            throw new IllegalArgumentException(snapshot + " was taken of another store than this " + this);
        }
        return snapshot;
    }

    /**
     * Makes every byte zero again, as when the store was made, and drops the store's references
     * to its memory: {@link #allocatedBytes()} is zero afterwards, and the memory of chunks no
     * snapshot shares is freed when the garbage collector finds it unreferenced.
     */
    public void reset() {
        replaceContents(null);
    }

    /** Replaces the current table with a successor of {@code older}, or an empty one for {@code null}. */
    private void replaceContents(ChunkTable older) {
        long stamp = versionLock.writeLock();
        try {
            long generation = ++newestGeneration;
            current = older == null ? new ChunkTable(size, generation) : older.successor(generation);
        } finally {
            versionLock.unlockWrite(stamp);
        }
    }

    // ---- seeding

    /**
     * Writes {@code bytes} at {@code offset}, like an initiator's write but also into a
     * read-only store; a 64 KiB chunk of zeros that lands on an unallocated chunk stays
     * unallocated.
     *
     * @throws IllegalArgumentException if the bytes do not fit in the store at that offset
     */
    public void seed(long offset, byte[] bytes) throws IOException {
        checkFits(offset, bytes.length, "bytes");
        int done = 0;
        while (done < bytes.length) {
            int n = Math.min(bytes.length - done, roomInChunk(offset + done));
            seedPiece(offset + done, ByteBuffer.wrap(bytes, done, n));
            done += n;
        }
    }

    /**
     * Writes a raw image file at {@code offset}, like {@link #seed(long, byte[])}; the file is
     * read in pieces of at most 64 KiB, never whole into memory.
     *
     * @throws IllegalArgumentException if the image does not fit in the store at that offset
     * @throws IOException if the file cannot be read
     */
    public void seed(long offset, Path image) throws IOException {
        try (FileChannel file = FileChannel.open(image, StandardOpenOption.READ)) {
            long length = file.size();
            checkFits(offset, length, "image " + image);
            ByteBuffer piece = ByteBuffer.allocate(CHUNK_SIZE);
            long done = 0;
            while (done < length) {
                int n = (int) Math.min(length - done, roomInChunk(offset + done));
                piece.clear().limit(n);
                while (piece.hasRemaining()) {
                    if (file.read(piece, done + piece.position()) < 0) {
                        throw new IOException("image " + image + " ended at " + (done + piece.position())
                                + " bytes while being read; it was " + length + " bytes long");
                    }
                }
                seedPiece(offset + done, piece.flip());
                done += n;
            }
        }
    }

    /** Writes {@code piece}, which lies within one chunk, unless it is zeros on an unallocated chunk. */
    private void seedPiece(long offset, ByteBuffer piece) throws IOException {
        boolean zeros = piece.mismatch(ZEROS.slice(0, piece.remaining())) < 0;
        if (!zeros || current.allocated(offset >>> CHUNK_SHIFT)) {
            write(offset, piece);
        }
    }

    /** The bytes from {@code offset} to the end of its chunk. */
    private static int roomInChunk(long offset) {
        return CHUNK_SIZE - (int) (offset & (CHUNK_SIZE - 1));
    }

    private void checkFits(long offset, long length, String what) {
        if (offset < 0 || length > size || offset > size - length) {
            throw new IllegalArgumentException(what + " (" + length + " bytes at offset " + offset + ") does not fit in " + this);
        }
    }

    /** Direct memory ran out: the write fails (WRITE ERROR), the server goes on. */
    static final class OutOfMemoryErrorAsIo extends IOException {
        private static final long serialVersionUID = 1L;

        OutOfMemoryErrorAsIo(OutOfMemoryError cause) {
            super("out of direct memory for the memory store (raise -XX:MaxDirectMemorySize)", cause);
        }
    }

    /** Drops the contents like {@link #reset()}; snapshots taken before stay valid. */
    @Override
    public void close() {
        reset();
    }

    @Override
    public String toString() {
        return "memory store of " + size + " bytes";
    }
}
