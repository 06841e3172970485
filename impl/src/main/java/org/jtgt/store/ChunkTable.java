package org.jtgt.store;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * One version of a {@link MemoryStore}'s contents: a two-level table (segments of
 * {@value #SEGMENT_CHUNKS} chunks, 1 GiB each) of 64 KiB chunks of direct memory, both levels
 * allocated on the first write that needs them. Unwritten chunks read as zeros.
 *
 * <h2>Versions share memory</h2>
 * Every table has a generation number, and every segment and chunk records the generation that
 * created it. A table may write in place only what its own generation created; whatever it
 * inherited from an older table (through {@link #successor}) is shared with that table, which
 * may be a snapshot, and is copied the first time this table writes to it: a segment (its
 * chunk references, not their data) on the first write below it, a chunk (64 KiB of data) on
 * the first write into it. So making a successor copies only the top level, never data.
 *
 * <h2>Threads</h2>
 * Lookups ({@link #chunk}, {@link #allocatedBytes}) are safe from any thread at any time and
 * never wait. The changing operations ({@link #writableChunk}, {@link #release}) are safe to run
 * concurrently with each other and with lookups (segments and chunks are installed with
 * compare-and-set), but the {@link MemoryStore} lets them run only on the table that is
 * current, and never while it makes a successor of that table: a table stops changing once it
 * has a successor (the older table of the two, as a snapshot keeps it, is frozen from then on).
 */
final class ChunkTable {

    static final int CHUNK_SHIFT = 16;
    static final int CHUNK_SIZE = 1 << CHUNK_SHIFT;
    private static final int SEGMENT_SHIFT = 14;
    static final int SEGMENT_CHUNKS = 1 << SEGMENT_SHIFT;
    private static final int SEGMENT_MASK = SEGMENT_CHUNKS - 1;

    /** 64 KiB of memory and the generation that allocated it (and alone may write it in place). */
    private record Chunk(ByteBuffer data, long generation) {
    }

    /** The chunks of 1 GiB and the generation that created this array (and alone may change it). */
    private record Segment(AtomicReferenceArray<Chunk> chunks, long generation) {

        Segment copyFor(long newGeneration) {
            Chunk[] copy = new Chunk[SEGMENT_CHUNKS];
            for (int i = 0; i < SEGMENT_CHUNKS; i++) {
                copy[i] = chunks.get(i);
            }
            return new Segment(new AtomicReferenceArray<>(copy), newGeneration);
        }
    }

    private final long generation;
    private final AtomicReferenceArray<Segment> segments;
    private final AtomicLong allocatedBytes;

    /** An empty table (every chunk reads as zeros) for {@code size} bytes. */
    ChunkTable(long size, long generation) {
        long chunks = (size + CHUNK_SIZE - 1) >>> CHUNK_SHIFT;
        long segmentCount = (chunks + SEGMENT_MASK) >>> SEGMENT_SHIFT;
        if (segmentCount > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("memory store size " + size + " is too large");
        }
        this.generation = generation;
        this.segments = new AtomicReferenceArray<>((int) segmentCount);
        this.allocatedBytes = new AtomicLong();
    }

    private ChunkTable(ChunkTable older, long generation) {
        Segment[] top = new Segment[older.segments.length()];
        for (int i = 0; i < top.length; i++) {
            top[i] = older.segments.get(i);
        }
        this.generation = generation;
        this.segments = new AtomicReferenceArray<>(top);
        this.allocatedBytes = new AtomicLong(older.allocatedBytes.get());
    }

    /**
     * A new table with the same contents that shares all of this table's memory, copying only
     * the top level (one reference per GiB of size). {@code generation} must be newer than every
     * generation used before in this store. This table must not change afterwards.
     */
    ChunkTable successor(long generation) {
        return new ChunkTable(this, generation);
    }

    /** Bytes of memory in the chunks this table maps, whether or not shared with other tables. */
    long allocatedBytes() {
        return allocatedBytes.get();
    }

    /** The memory of chunk {@code index} to read from, or {@code null} if it reads as zeros. */
    ByteBuffer chunk(long index) {
        Segment segment = segments.get(segmentOf(index));
        if (segment == null) {
            return null;
        }
        Chunk chunk = segment.chunks().get(slotOf(index));
        return chunk == null ? null : chunk.data();
    }

    /** Whether chunk {@code index} holds memory. */
    boolean allocated(long index) {
        return chunk(index) != null;
    }

    /** Whether no chunk of the segment of chunk {@code index} holds memory, known without looking at its chunks. */
    boolean segmentEmpty(long index) {
        return segments.get(segmentOf(index)) == null;
    }

    /**
     * The memory of chunk {@code index} to write to, owned by this table: allocated zeroed if
     * the chunk had none, copied first if it was shared with an older table.
     *
     * @throws OutOfMemoryError if direct memory ran out
     */
    ByteBuffer writableChunk(long index) {
        AtomicReferenceArray<Chunk> chunks = ownSegment(segmentOf(index)).chunks();
        int slot = slotOf(index);
        while (true) {
            Chunk chunk = chunks.get(slot);
            if (chunk != null && chunk.generation() == generation) {
                return chunk.data();
            }
            ByteBuffer data = ByteBuffer.allocateDirect(CHUNK_SIZE);
            if (chunk != null) {
                data.put(0, chunk.data(), 0, CHUNK_SIZE);       // the older table never writes it again
            }
            Chunk own = new Chunk(data, generation);
            if (chunks.compareAndSet(slot, chunk, own)) {
                if (chunk == null) {
                    allocatedBytes.addAndGet(CHUNK_SIZE);
                }
                return data;
            }
            // another writer installed the chunk or released it meanwhile: look again
        }
    }

    /** Drops chunk {@code index} from this table: it reads as zeros from now on. */
    void release(long index) {
        if (chunk(index) == null) {
            return;
        }
        if (ownSegment(segmentOf(index)).chunks().getAndSet(slotOf(index), null) != null) {
            allocatedBytes.addAndGet(-CHUNK_SIZE);
        }
    }

    /** Segment {@code s}, owned by this table: created empty or copied from an older table first. */
    private Segment ownSegment(int s) {
        while (true) {
            Segment segment = segments.get(s);
            if (segment != null && segment.generation() == generation) {
                return segment;
            }
            Segment own = segment == null
                    ? new Segment(new AtomicReferenceArray<>(SEGMENT_CHUNKS), generation)
                    : segment.copyFor(generation);
            if (segments.compareAndSet(s, segment, own)) {
                return own;
            }
        }
    }

    private static int segmentOf(long chunkIndex) {
        return (int) (chunkIndex >>> SEGMENT_SHIFT);
    }

    private static int slotOf(long chunkIndex) {
        return (int) (chunkIndex & SEGMENT_MASK);
    }

    /** The index of the first chunk of the segment after chunk {@code index}'s. */
    static long nextSegmentStart(long index) {
        return ((index >>> SEGMENT_SHIFT) + 1) << SEGMENT_SHIFT;
    }
}
