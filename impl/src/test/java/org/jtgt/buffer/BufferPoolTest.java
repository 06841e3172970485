package org.jtgt.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void reusesReleasedBuffersOfTheSameClass() {
        BufferPool pool = new BufferPool(1 << 20);
        ByteBuffer a = pool.acquire(5000);
        assertTrue(a.isDirect());
        assertEquals(0, a.position());
        assertEquals(5000, a.limit());
        assertEquals(8192, a.capacity(), "rounded up to a power of two");
        pool.release(a);
        ByteBuffer b = pool.acquire(7000);
        assertSame(a, b);
        assertEquals(7000, b.limit());
        assertEquals(8192, pool.allocatedBytes(), "one allocation for both");
    }

    @Test
    void keepsNoMoreThanItsIdleLimit() {
        BufferPool pool = new BufferPool(64 * 1024);
        ByteBuffer[] held = new ByteBuffer[4];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.acquire(32 * 1024);
        }
        for (ByteBuffer b : held) {
            pool.release(b);
        }
        assertEquals(64 * 1024, pool.idleBytes());
    }

    @Test
    void hugeBuffersAreNotPooledAndEmptyIsFree() {
        BufferPool pool = new BufferPool(1L << 30);
        ByteBuffer huge = pool.acquire(20 << 20);
        assertEquals(20 << 20, huge.capacity());
        pool.release(huge);
        assertEquals(0, pool.idleBytes());
        assertEquals(0, pool.acquire(0).capacity());
        pool.release(null);
        pool.release(ByteBuffer.allocate(4096));      // a heap buffer is not ours
        assertEquals(0, pool.idleBytes());
    }

    @Test
    void countsWhatIsHeldUntilItIsGivenBack() {
        BufferPool pool = new BufferPool(1 << 20);
        ByteBuffer small = pool.acquire(100);
        ByteBuffer huge = pool.acquire(20 << 20);
        assertEquals(4096 + (20 << 20), pool.bytesInUse());
        pool.release(small);
        assertEquals(20 << 20, pool.bytesInUse());
        pool.release(huge);
        assertEquals(0, pool.bytesInUse(), "unpooled buffers count while held, too");
    }
}
