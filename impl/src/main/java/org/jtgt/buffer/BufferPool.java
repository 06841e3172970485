package org.jtgt.buffer;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pooled direct buffers for data segments, in power-of-two size classes from 4 KiB to 16 MiB,
 * so that the I/O path does not allocate (and later free) direct memory per command. Larger
 * requests are allocated and dropped without pooling. The pool keeps at most a configured
 * number of idle bytes; beyond that, released buffers are left to the garbage collector.
 *
 * <p>Thread-safe: buffers are acquired on one thread and released on another (a store executor
 * fills a buffer that an I/O worker releases once written).
 */
public final class BufferPool {

    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 24;
    private static final ByteBuffer EMPTY = ByteBuffer.allocateDirect(0);

    private final ConcurrentLinkedQueue<ByteBuffer>[] idle;
    private final long maxIdleBytes;
    private final AtomicLong idleBytes = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final LongAdder bytesInUse = new LongAdder();

    /** @param maxIdleBytes how many bytes of released buffers the pool keeps for reuse */
    @SuppressWarnings("unchecked")
    public BufferPool(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
        this.idle = new ConcurrentLinkedQueue[MAX_SHIFT - MIN_SHIFT + 1];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ConcurrentLinkedQueue<>();
        }
    }

    /**
     * A direct buffer with position zero and limit {@code size}; its contents are undefined.
     * Give it back with {@link #release} (the buffer itself, not a slice of it).
     */
    public ByteBuffer acquire(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        if (size == 0) {
            return EMPTY;
        }
        int shift = shiftFor(size);
        if (shift > MAX_SHIFT) {
            allocatedBytes.addAndGet(size);
            bytesInUse.add(size);
            return ByteBuffer.allocateDirect(size);
        }
        ByteBuffer b = idle[shift - MIN_SHIFT].poll();
        if (b != null) {
            idleBytes.addAndGet(-b.capacity());
        } else {
            allocatedBytes.addAndGet(1L << shift);
            b = ByteBuffer.allocateDirect(1 << shift);
        }
        bytesInUse.add(b.capacity());
        b.clear().limit(size);
        return b;
    }

    /** Returns a buffer obtained from {@link #acquire}. Releasing {@code null} does nothing. */
    public void release(ByteBuffer buffer) {
        if (buffer == null || buffer.capacity() == 0 || !buffer.isDirect()) {
            return;
        }
        int capacity = buffer.capacity();
        bytesInUse.add(-capacity);
        if (Integer.bitCount(capacity) != 1) {
            return;    // an oversized, unpooled buffer
        }
        int shift = Integer.numberOfTrailingZeros(capacity);
        if (shift < MIN_SHIFT || shift > MAX_SHIFT) {
            return;
        }
        if (idleBytes.addAndGet(capacity) > maxIdleBytes) {
            idleBytes.addAndGet(-capacity);
            return;
        }
        idle[shift - MIN_SHIFT].offer(buffer);
    }

    /** Bytes held idle for reuse. */
    public long idleBytes() {
        return idleBytes.get();
    }

    /**
     * Capacity of the buffers acquired and not yet released: what commands in flight hold. It
     * returns to zero when the target is idle; a value that only grows is a leak.
     */
    public long bytesInUse() {
        return bytesInUse.sum();
    }

    /** Direct bytes allocated since the pool was created (a measure of pool misses). */
    public long allocatedBytes() {
        return allocatedBytes.get();
    }

    private static int shiftFor(int size) {
        int shift = 32 - Integer.numberOfLeadingZeros(size - 1);
        return Math.max(shift, MIN_SHIFT);
    }
}
