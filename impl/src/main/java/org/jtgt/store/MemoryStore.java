package org.jtgt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jtgt.api.BackingStore;

/**
 * A sparse store in off-heap memory: 64 KiB chunks of direct memory, allocated on the first
 * write that touches them, found through a two-level table (1 GiB segments of chunks) that is
 * itself allocated lazily. A 1 TiB store costs a few kilobytes until written; unwritten and
 * unmapped ranges read as zeros. Allocation is reported per chunk: a block is allocated when
 * its chunk holds memory.
 *
 * <p>Thread-safe: chunks and segments are installed with compare-and-set, and transfers use
 * absolute bulk copies that never touch a shared buffer's position. Never blocks.
 */
public final class MemoryStore implements BackingStore {

    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int SEGMENT_SHIFT = 14;      // chunks per segment: 16384, i.e. 1 GiB
    private static final int SEGMENT_MASK = (1 << SEGMENT_SHIFT) - 1;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(CHUNK_SIZE).asReadOnlyBuffer();

    private final long size;
    private final int blockSize;
    private final int physicalBlockSize;
    private final boolean readOnly;
    private final AtomicReferenceArray<AtomicReferenceArray<ByteBuffer>> segments;
    private final AtomicLong allocated = new AtomicLong();

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
        long chunks = (size + CHUNK_SIZE - 1) >>> CHUNK_SHIFT;
        long segmentCount = (chunks + SEGMENT_MASK) >>> SEGMENT_SHIFT;
        if (segmentCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memory store size " + size + " is too large");
        }
        this.size = size;
        this.blockSize = blockSize;
        this.physicalBlockSize = physicalBlockSize;
        this.readOnly = readOnly;
        this.segments = new AtomicReferenceArray<>((int) segmentCount);
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

    /** Bytes of memory allocated for written chunks. */
    public long allocatedBytes() {
        return allocated.get();
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining()) {
            int within = (int) (offset & (CHUNK_SIZE - 1));
            int n = Math.min(dst.remaining(), CHUNK_SIZE - within);
            ByteBuffer chunk = existingChunk(offset >>> CHUNK_SHIFT);
            dst.put(dst.position(), chunk != null ? chunk : ZEROS, chunk != null ? within : 0, n);
            dst.position(dst.position() + n);
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int within = (int) (offset & (CHUNK_SIZE - 1));
            int n = Math.min(src.remaining(), CHUNK_SIZE - within);
            ByteBuffer chunk = writableChunk(offset >>> CHUNK_SHIFT);
            chunk.put(within, src, src.position(), n);
            src.position(src.position() + n);
            offset += n;
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
    public void unmap(long offset, long length) {
        long end = offset + length;
        while (offset < end) {
            long index = offset >>> CHUNK_SHIFT;
            int within = (int) (offset & (CHUNK_SIZE - 1));
            int n = (int) Math.min(end - offset, CHUNK_SIZE - within);
            AtomicReferenceArray<ByteBuffer> segment = segments.get((int) (index >>> SEGMENT_SHIFT));
            if (segment != null) {
                int slot = (int) (index & SEGMENT_MASK);
                if (n == CHUNK_SIZE) {
                    if (segment.getAndSet(slot, null) != null) {
                        allocated.addAndGet(-CHUNK_SIZE);
                    }
                } else {
                    ByteBuffer chunk = segment.get(slot);
                    if (chunk != null) {
                        chunk.put(within, ZEROS, 0, n);
                    }
                }
            }
            offset += n;
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
        return existingChunk(offset >>> CHUNK_SHIFT) != null;
    }

    /** Walks the chunks after {@code offset}'s, skipping unallocated segments whole. */
    @Override
    public long allocationRunEnd(long offset, long limit) {
        boolean state = allocated(offset);
        long index = (offset >>> CHUNK_SHIFT) + 1;
        while ((index << CHUNK_SHIFT) < limit) {
            AtomicReferenceArray<ByteBuffer> segment = segments.get((int) (index >>> SEGMENT_SHIFT));
            if (segment == null && !state) {
                index = ((index >>> SEGMENT_SHIFT) + 1) << SEGMENT_SHIFT;
                continue;
            }
            if ((segment != null && segment.get((int) (index & SEGMENT_MASK)) != null) != state) {
                return index << CHUNK_SHIFT;
            }
            index++;
        }
        return limit;
    }

    /** The chunk at {@code index}, or {@code null} if it was never written (or was unmapped). */
    private ByteBuffer existingChunk(long index) {
        AtomicReferenceArray<ByteBuffer> segment = segments.get((int) (index >>> SEGMENT_SHIFT));
        return segment == null ? null : segment.get((int) (index & SEGMENT_MASK));
    }

    /** The chunk at {@code index}, allocated now if needed. */
    private ByteBuffer writableChunk(long index) throws IOException {
        ByteBuffer chunk = existingChunk(index);
        if (chunk != null) {
            return chunk;
        }
        int s = (int) (index >>> SEGMENT_SHIFT);
        if (segments.get(s) == null) {
            segments.compareAndSet(s, null, new AtomicReferenceArray<>(1 << SEGMENT_SHIFT));
        }
        AtomicReferenceArray<ByteBuffer> segment = segments.get(s);
        int slot = (int) (index & SEGMENT_MASK);
        ByteBuffer fresh;
        try {
            fresh = ByteBuffer.allocateDirect(CHUNK_SIZE);
        } catch (OutOfMemoryError e) {
            throw new OutOfMemoryErrorAsIo(e);
        }
        if (segment.compareAndSet(slot, null, fresh)) {
            allocated.addAndGet(CHUNK_SIZE);
            return fresh;
        }
        return segment.get(slot);
    }

    /** Direct memory ran out: the write fails (WRITE ERROR), the server goes on. */
    static final class OutOfMemoryErrorAsIo extends IOException {
        private static final long serialVersionUID = 1L;

        OutOfMemoryErrorAsIo(OutOfMemoryError cause) {
            super("out of direct memory for the memory store (raise -XX:MaxDirectMemorySize)", cause);
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < segments.length(); i++) {
            segments.set(i, null);
        }
        allocated.set(0);
    }

    @Override
    public String toString() {
        return "memory store of " + size + " bytes";
    }
}
