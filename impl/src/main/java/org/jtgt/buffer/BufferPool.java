package org.jtgt.buffer;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Pooled direct buffers for data segments, in power-of-two size classes from 4 KiB to 16 MiB,
 * so that the I/O path does not allocate (and later free) direct memory per command. Larger
 * requests are allocated and dropped without pooling. The pool keeps at most a configured
 * number of idle bytes; beyond that, released buffers are left to the garbage collector.
 *
 * <p>Idle buffers of a class wait on a stack (the most recently released is lent first, while
 * it is still in the caches); taking and giving back allocate nothing, so a steady stream of
 * commands creates no garbage here. Each buffer comes as a {@link PooledBuffer} with its views.
 *
 * <p>Thread-safe: buffers are acquired on one thread and released on another (a store executor
 * fills a buffer that an I/O worker releases once written).
 */
public final class BufferPool {

    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 24;
    private static final PooledBuffer EMPTY = new PooledBuffer(ByteBuffer.allocateDirect(0), false);

    /** The idle buffers of one size class; a stack under its own lock. */
    private static final class SizeClass {
        private PooledBuffer[] stack = new PooledBuffer[8];
        private int count;

        synchronized PooledBuffer pop() {
            if (count == 0) {
                return null;
            }
            PooledBuffer b = stack[--count];
            stack[count] = null;
            return b;
        }

        synchronized void push(PooledBuffer b) {
            if (count == stack.length) {
                PooledBuffer[] grown = new PooledBuffer[count * 2];
                System.arraycopy(stack, 0, grown, 0, count);
                stack = grown;
            }
            stack[count++] = b;
        }
    }

    private final SizeClass[] idle = new SizeClass[MAX_SHIFT - MIN_SHIFT + 1];
    private final long maxIdleBytes;
    private final AtomicLong idleBytes = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final LongAdder bytesInUse = new LongAdder();

    /** @param maxIdleBytes how many bytes of released buffers the pool keeps for reuse */
    public BufferPool(long maxIdleBytes) {
        this.maxIdleBytes = maxIdleBytes;
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new SizeClass();
        }
    }

    /**
     * A direct buffer whose {@link PooledBuffer#buffer()} has position zero and limit
     * {@code size}; its contents are undefined. The caller owns it until it gives it back with
     * {@link #release}.
     */
    public PooledBuffer acquire(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size);
        }
        if (size == 0) {
            return EMPTY;
        }
        int shift = shiftFor(size);
        PooledBuffer b;
        if (shift > MAX_SHIFT) {
            allocatedBytes.addAndGet(size);
            b = new PooledBuffer(ByteBuffer.allocateDirect(size), false);
        } else {
            b = idle[shift - MIN_SHIFT].pop();
            if (b != null) {
                idleBytes.addAndGet(-b.capacity());
            } else {
                allocatedBytes.addAndGet(1L << shift);
                b = new PooledBuffer(ByteBuffer.allocateDirect(1 << shift), true);
            }
        }
        b.lent = true;
        bytesInUse.add(b.capacity());
        b.buffer().clear().limit(size);
        return b;
    }

    /**
     * Gives back a buffer obtained from {@link #acquire}; neither it nor its views may be used
     * afterwards. Releasing {@code null} does nothing.
     *
     * @throws IllegalStateException if the buffer was released already (a bug that would lend
     *         one buffer to two commands)
     */
    public void release(PooledBuffer buffer) {
        if (buffer == null || buffer == EMPTY) {
            return;
        }
        if (!buffer.lent) {
            throw new IllegalStateException(buffer + " released twice");
        }
        buffer.lent = false;
        int capacity = buffer.capacity();
        bytesInUse.add(-capacity);
        if (!buffer.pooled()) {
            return;
        }
        if (idleBytes.addAndGet(capacity) > maxIdleBytes) {
            idleBytes.addAndGet(-capacity);
            return;
        }
        idle[Integer.numberOfTrailingZeros(capacity) - MIN_SHIFT].push(buffer);
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
