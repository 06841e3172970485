package org.jtgt.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void bucketsAreExactForSmallValuesAndWithinASixteenthAboveThem() {
        for (long v : new long[] {0, 1, 15, 16, 17, 100, 1000, 123_456, 10_000_000_000L, Long.MAX_VALUE / 4}) {
            long upper = LatencyHistogram.upperBound(LatencyHistogram.index(v));
            assertTrue(upper >= v, v + " -> " + upper);
            assertTrue(upper - v <= Math.max(0, v / 16), v + " -> " + upper);
        }
    }

    @Test
    void percentilesOfAKnownDistribution() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.percentile(50));
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1000L);        // 1 us .. 1 ms
        }
        assertEquals(1000, h.count());
        long p50 = h.percentile(50);
        long p99 = h.percentile(99);
        assertTrue(Math.abs(p50 - 500_000) <= 500_000 / 16 + 1000, "p50 " + p50);
        assertTrue(Math.abs(p99 - 990_000) <= 990_000 / 16 + 1000, "p99 " + p99);
        assertTrue(h.percentile(100) >= 1_000_000);
        assertThrows(IllegalArgumentException.class, () -> h.percentile(0));
    }
}
