package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SanitizeRateTest {

    @Test
    void unlimitedNeverWaits() {
        assertEquals(0, SanitizeRate.UNLIMITED.delayNanos(1L << 40, 0));
    }

    @Test
    void aheadOfTheRateWaitsForTheDifference() {
        SanitizeRate r = new SanitizeRate(16L << 20);
        assertEquals(1_000_000_000L, r.delayNanos(16L << 20, 0), "16 MiB done at once: a second early");
        assertEquals(250_000_000L, r.delayNanos(16L << 20, 750_000_000L));
        assertEquals(0, r.delayNanos(16L << 20, 1_000_000_000L), "on time");
        assertEquals(0, r.delayNanos(8L << 20, 2_000_000_000L), "behind: no wait");
    }

    @Test
    void aNegativeRateIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SanitizeRate(-1));
    }
}
