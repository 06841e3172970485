package org.jtgt.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void reusesReleasedBuffersOfTheSameClass() {
        BufferPool pool = new BufferPool(1 << 20);
        PooledBuffer a = pool.acquire(5000);
        assertTrue(a.buffer().isDirect());
        assertEquals(0, a.buffer().position());
        assertEquals(5000, a.buffer().limit());
        assertEquals(8192, a.capacity(), "rounded up to a power of two");
        pool.release(a);
        PooledBuffer b = pool.acquire(7000);
        assertSame(a, b);
        assertEquals(7000, b.buffer().limit());
        assertEquals(8192, pool.allocatedBytes(), "one allocation for both");
    }

    @Test
    void keepsNoMoreThanItsIdleLimit() {
        BufferPool pool = new BufferPool(64 * 1024);
        PooledBuffer[] held = new PooledBuffer[4];
        for (int i = 0; i < held.length; i++) {
            held[i] = pool.acquire(32 * 1024);
        }
        for (PooledBuffer b : held) {
            pool.release(b);
        }
        assertEquals(64 * 1024, pool.idleBytes());
    }

    @Test
    void hugeBuffersAreNotPooledAndEmptyIsFree() {
        BufferPool pool = new BufferPool(1L << 30);
        PooledBuffer huge = pool.acquire(20 << 20);
        assertEquals(20 << 20, huge.capacity());
        pool.release(huge);
        assertEquals(0, pool.idleBytes());
        PooledBuffer empty = pool.acquire(0);
        assertEquals(0, empty.capacity());
        pool.release(empty);
        pool.release(empty);                          // the shared empty buffer is never counted
        pool.release(null);
        assertEquals(0, pool.idleBytes());
        assertEquals(0, pool.bytesInUse());
    }

    @Test
    void countsWhatIsHeldUntilItIsGivenBack() {
        BufferPool pool = new BufferPool(1 << 20);
        PooledBuffer small = pool.acquire(100);
        PooledBuffer huge = pool.acquire(20 << 20);
        assertEquals(4096 + (20 << 20), pool.bytesInUse());
        pool.release(small);
        assertEquals(20 << 20, pool.bytesInUse());
        pool.release(huge);
        assertEquals(0, pool.bytesInUse(), "unpooled buffers count while held, too");
    }

    @Test
    void aSecondReleaseIsRefusedSoNoBufferIsLentTwice() {
        BufferPool pool = new BufferPool(1 << 20);
        PooledBuffer a = pool.acquire(4096);
        pool.release(a);
        assertThrows(IllegalStateException.class, () -> pool.release(a));
        assertEquals(4096, pool.idleBytes(), "kept once");
        assertSame(a, pool.acquire(4096));
        assertNotSame(a, pool.acquire(4096), "the second borrower gets another buffer");
    }

    @Test
    void viewsAreKeptWithTheBufferAndFollowItsContents() {
        BufferPool pool = new BufferPool(1 << 20);
        PooledBuffer a = pool.acquire(8192);
        a.buffer().put(0, (byte) 1).put(4096, (byte) 2);
        ByteBuffer readOnly = a.readOnly(5000);
        assertTrue(readOnly.isReadOnly());
        assertEquals(0, readOnly.position());
        assertEquals(5000, readOnly.limit());
        assertEquals(1, readOnly.get(0));
        ByteBuffer first = a.region(0, 0, 4096);
        ByteBuffer second = a.region(1, 4096, 4096);
        assertNotSame(first, second, "two regions in flight at once");
        assertEquals(4096, second.position());
        assertEquals(8192, second.limit());
        assertEquals(2, second.get(second.position()));
        pool.release(a);
        PooledBuffer again = pool.acquire(8192);
        assertSame(readOnly, again.readOnly(100), "no new view for the next borrower");
        assertSame(first, again.region(0, 100, 200));
        assertEquals(100, first.position());
        assertEquals(300, first.limit());
        ByteBuffer beyond = again.region(PooledBuffer.MAX_REGIONS, 0, 10);
        assertEquals(10, beyond.remaining());
    }
}
