package org.jtgt.stats;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in nanoseconds with log-linear buckets: each power of two
 * is split into 16 sub-buckets, so a percentile is exact to within 1/16 (about 6 %) of its
 * value, from 1 ns to about 2^62 ns. Recording is one atomic increment. Thread-safe.
 */
public final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUBS = 1 << SUB_BITS;
    private static final int BUCKETS = (64 - SUB_BITS) * SUBS + SUBS;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    /** Records one duration; negative values count as zero. */
    public void record(long nanos) {
        counts.incrementAndGet(index(Math.max(0, nanos)));
    }

    /** The number of durations recorded. */
    public long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /**
     * The duration at percentile {@code p} (0 &lt; p &lt;= 100): the upper bound of the bucket
     * that holds it, or 0 if nothing was recorded.
     */
    public long percentile(double p) {
        if (p <= 0 || p > 100) {
            throw new IllegalArgumentException("percentile " + p);
        }
        long[] snapshot = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p / 100.0 * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += snapshot[i];
            if (seen >= rank) {
                return upperBound(i);
            }
        }
        return upperBound(BUCKETS - 1);
    }

    static int index(long value) {
        if (value < SUBS) {
            return (int) value;
        }
        int magnitude = 63 - Long.numberOfLeadingZeros(value);      // >= SUB_BITS
        int sub = (int) (value >>> (magnitude - SUB_BITS)) & (SUBS - 1);
        return (magnitude - SUB_BITS + 1) * SUBS + sub;
    }

    static long upperBound(int index) {
        if (index < SUBS) {
            return index;
        }
        int magnitude = index / SUBS + SUB_BITS - 1;
        int sub = index % SUBS;
        long base = 1L << magnitude;
        long step = 1L << (magnitude - SUB_BITS);
        return base + (sub + 1) * step - 1;
    }
}
