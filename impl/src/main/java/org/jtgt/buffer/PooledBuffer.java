package org.jtgt.buffer;

import java.nio.ByteBuffer;

/**
 * A direct buffer lent by a {@link BufferPool}, together with views of it that live as long as
 * it does, so that handing its contents around (a read-only data-out view for a logical unit,
 * one region per Data-In PDU) allocates nothing once the buffer has served a few commands.
 *
 * <h2>Ownership</h2>
 * Whoever acquired it owns the buffer and every view of it until it calls
 * {@link BufferPool#release}; after that neither the buffer nor any view may be touched, because
 * the next borrower gets the same objects. The owner may pass it from thread to thread with a
 * happens-before edge (a task queue), as it passes a command; it is never used by two threads
 * at once.
 */
public final class PooledBuffer {

    /** Region views kept per buffer; a command split into more PDUs gets fresh slices for the rest. */
    static final int MAX_REGIONS = 64;

    private static final ByteBuffer[] NO_REGIONS = new ByteBuffer[0];

    private final ByteBuffer buffer;
    private final boolean pooled;
    private ByteBuffer readOnly;
    private ByteBuffer[] regions = NO_REGIONS;
    /** Whether it is lent out: guards against a second release, which would lend it twice. */
    boolean lent;

    PooledBuffer(ByteBuffer buffer, boolean pooled) {
        this.buffer = buffer;
        this.pooled = pooled;
    }

    /**
     * The buffer itself, direct; when acquired, position zero and limit the size asked for. The
     * owner moves its position and limit as it likes.
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    public int capacity() {
        return buffer.capacity();
    }

    /** Whether the pool keeps it for reuse once released (false for oversized buffers). */
    boolean pooled() {
        return pooled;
    }

    /**
     * A read-only view of the first {@code length} bytes, position zero. Every call returns the
     * same view object, repositioned: a caller that needs two independent views at once
     * duplicates it.
     */
    public ByteBuffer readOnly(int length) {
        if (readOnly == null) {
            readOnly = buffer.asReadOnlyBuffer();
        }
        readOnly.limit(length).position(0);
        return readOnly;
    }

    /**
     * A writable view of {@code length} bytes at {@code offset}, positioned over exactly them,
     * independent of the buffer's own position and limit. Views with different {@code index}es
     * are different objects, so several regions can be in flight at once (the Data-In PDUs of
     * one command); a view with the same index is the same object, repositioned. Indexes from
     * {@link #MAX_REGIONS} on get a fresh slice each time.
     */
    public ByteBuffer region(int index, int offset, int length) {
        if (index >= MAX_REGIONS) {
            return buffer.slice(offset, length);
        }
        if (index >= regions.length) {
            ByteBuffer[] grown = new ByteBuffer[Math.min(MAX_REGIONS, Math.max(4, index + 1) * 2)];
            System.arraycopy(regions, 0, grown, 0, regions.length);
            regions = grown;
        }
        ByteBuffer view = regions[index];
        if (view == null) {
            view = buffer.duplicate();
            regions[index] = view;
        }
        view.limit(offset + length).position(offset);
        return view;
    }

    @Override
    public String toString() {
        return "pooled buffer of " + buffer.capacity() + " bytes";
    }
}
