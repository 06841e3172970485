package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RangeLocksTest {

    private static final long REGION = 2048;      // 1 MiB of 512-byte blocks
    private final RangeLocks locks = new RangeLocks(512);

    @Test
    void aRangeNamesTheStripesOfItsRegions() {
        assertEquals(0L, locks.stripes(5, 0));
        assertEquals(1L, locks.stripes(0, 1));
        assertEquals(1L, locks.stripes(REGION - 1, 1));
        assertEquals(0b11L, locks.stripes(REGION - 1, 2));
        assertEquals(0b110L, locks.stripes(REGION, REGION + 1));
        assertEquals(1L << 63, locks.stripes(63 * REGION, 1));
        assertEquals(1L, locks.stripes(64 * REGION, 1), "region 64 shares stripe 0");
        assertEquals(1L << 63 | 1L, locks.stripes(63 * REGION + 5, REGION), "wraps around");
        assertEquals(-1L, locks.stripes(7, 64 * REGION));
        assertEquals(-1L, locks.stripes(0, 0xFFFF_FFFFL));
        assertEquals(1L << 2, new RangeLocks(4096).stripes(2 * 256, 256), "1 MiB is 256 blocks of 4 KiB");
    }

    @Test
    void exclusiveExcludesSharedOnTheSameStripeOnly() throws Exception {
        long held = locks.stripes(0, 1);
        locks.lock(held, true);
        try {
            assertFalse(tryShared(locks.stripes(0, 4)), "same region");
            assertFalse(tryShared(locks.stripes(REGION - 1, 2)), "a range that reaches into the region");
            assertTrue(tryShared(locks.stripes(REGION, 4)), "another region");
        } finally {
            locks.unlock(held, true);
        }
        assertTrue(tryShared(locks.stripes(0, 4)));
    }

    @Test
    void writersShareARange() throws Exception {
        long mask = locks.stripes(0, 10);
        locks.lock(mask, false);
        try {
            assertTrue(tryShared(mask));
        } finally {
            locks.unlock(mask, false);
        }
    }

    /** Whether another thread can take {@code mask} shared within 200 ms (then it releases it). */
    private boolean tryShared(long mask) throws InterruptedException {
        CountDownLatch got = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            locks.lock(mask, false);
            got.countDown();
            locks.unlock(mask, false);
        });
        t.setDaemon(true);
        t.start();
        boolean ok = got.await(200, TimeUnit.MILLISECONDS);
        if (!ok) {
            t.interrupt();
        }
        return ok;
    }
}
