package org.jtgt.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The faults a rule can decide, and the ones it cannot. */
class FaultTest {

    @Test
    void checkConditionCarriesItsSenseData() {
        SenseData medium = SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0x00).withInformation(1000);
        Fault f = Fault.checkCondition(medium);
        assertEquals(Fault.Kind.CHECK_CONDITION, f.kind());
        assertEquals(ScsiStatus.CHECK_CONDITION, f.status());
        assertSame(medium, f.sense());
        assertEquals("CHECK CONDITION MEDIUM_ERROR 11h/00h info=1000", f.toString());
    }

    @Test
    void statusFaultsAreErrorsWithoutSenseData() {
        Fault busy = Fault.status(ScsiStatus.BUSY);
        assertEquals(Fault.Kind.STATUS, busy.kind());
        assertNull(busy.sense());
        assertEquals("TASK SET FULL", Fault.status(ScsiStatus.TASK_SET_FULL).toString());
        assertThrows(IllegalArgumentException.class, () -> Fault.status(ScsiStatus.GOOD));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fault.status(ScsiStatus.CHECK_CONDITION));
        assertTrue(e.getMessage().contains("checkCondition"), e.getMessage());
    }

    @Test
    void delaysArePositive() {
        assertEquals(Duration.ofMillis(50), Fault.delay(Duration.ofMillis(50)).delay());
        assertEquals("DELAY 50 ms", Fault.delay(Duration.ofMillis(50)).toString());
        assertEquals("DELAY 250 us", Fault.delay(Duration.ofNanos(250_000)).toString());
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ofMillis(-1)));
    }

    @Test
    void faultsWithoutParametersCompareByKind() {
        assertEquals(Fault.stall(), Fault.stall());
        assertEquals(Fault.Kind.DROP_CONNECTION, Fault.dropConnection().kind());
        assertEquals("CORRUPT DATA DIGEST", Fault.corruptDataDigest().toString());
        assertEquals(Fault.checkCondition(SenseData.of(SenseKey.UNIT_ATTENTION, 0x29, 0)),
                Fault.checkCondition(SenseData.of(SenseKey.UNIT_ATTENTION, 0x29, 0)));
        assertTrue(!Fault.corruptHeaderDigest().equals(Fault.corruptDataDigest()));
    }
}
