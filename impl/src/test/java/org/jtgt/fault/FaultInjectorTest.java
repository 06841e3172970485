package org.jtgt.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.api.Fault;
import org.jtgt.api.ScsiStatus;
import org.junit.jupiter.api.Test;

/** Installing, scoping, deciding and removing rules. */
class FaultInjectorTest {

    private static final String T = "iqn.2026-11.org.jtgt:t";
    private static final String U = "iqn.2026-11.org.jtgt:u";

    @Test
    void nothingInstalledIsInactiveAndDecidesNothing() {
        FaultInjector faults = new FaultInjector("test");
        assertFalse(faults.active());
        assertNull(faults.decide(FakeCommand.read(0, 1), T, 0));
    }

    @Test
    void rulesApplyOnlyInsideTheirScope() {
        FaultInjector faults = new FaultInjector("test");
        FaultHandle lun1 = faults.forLun(T, 1).add("busy");
        assertTrue(faults.active());
        assertNull(faults.decide(FakeCommand.read(0, 1), T, 0));
        assertNull(faults.decide(FakeCommand.read(0, 1), U, 1));
        FaultInjector.Decision d = faults.decide(FakeCommand.read(0, 1), T.toUpperCase(), 1);
        assertEquals(Fault.status(ScsiStatus.BUSY), d.fault());
        assertSame(lun1, d.source());
        assertEquals(1, lun1.fired());
        faults.forTarget(U).add("stall");
        assertEquals(Fault.stall(), faults.decide(FakeCommand.read(0, 1), U, 7).fault());
        assertThrows(IllegalArgumentException.class, () -> faults.forTarget(T).forLun(U, 0), "a view cannot leave its scope");
    }

    @Test
    void theFirstRuleThatDecidesWinsAndLaterOnesAreNotAsked() {
        FaultInjector faults = new FaultInjector("test");
        AtomicInteger asked = new AtomicInteger();
        faults.add(c -> c.lba() == 5 ? Fault.status(ScsiStatus.BUSY) : null);
        faults.add(c -> {
            asked.incrementAndGet();
            return Fault.stall();
        });
        assertEquals(Fault.Kind.STATUS, faults.decide(FakeCommand.read(5, 1), T, 0).fault().kind());
        assertEquals(0, asked.get());
        assertEquals(Fault.Kind.STALL, faults.decide(FakeCommand.read(6, 1), T, 0).fault().kind());
        assertEquals(1, asked.get());
    }

    @Test
    void aRuleThatThrowsCountsAsNoFault() {
        FaultInjector faults = new FaultInjector("test");
        faults.add(c -> {
            throw new IllegalStateException("user bug");
        });
        faults.add("busy");
        assertEquals(Fault.Kind.STATUS, faults.decide(FakeCommand.read(0, 1), T, 0).fault().kind());
    }

    @Test
    void viewsListRemoveAndClearTheirOwnRulesOnly() {
        FaultInjector faults = new FaultInjector("test");
        FaultHandle all = faults.add("busy count=1");
        FaultHandle t = faults.forTarget(T).add("stall");
        FaultHandle lun = faults.forLun(T, 0).add("medium-error lba=5");
        assertEquals(List.of(all, t, lun), faults.list());
        assertEquals(List.of(t, lun), faults.forTarget(T).list());
        assertEquals(List.of(lun), faults.forLun(T, 0).list());
        assertEquals("f3 medium-error lba=5 (fired 0)", lun.toString());
        assertFalse(faults.forLun(T, 0).remove(t.id()), "not inside the LUN's scope");
        assertTrue(faults.forTarget(T).remove("F2"));
        assertFalse(t.installed());
        assertFalse(t.remove(), "removed once only");
        assertEquals(1, faults.forLun(T, 0).clear());
        assertEquals(List.of(all), faults.list());
        assertEquals(1, faults.clear());
        assertFalse(faults.active());
    }

    @Test
    void removingARuleReleasesTheResponsesItHolds() {
        FaultInjector faults = new FaultInjector("test");
        FaultHandle h = faults.add("stall");
        AtomicInteger released = new AtomicInteger();
        Runnable one = released::incrementAndGet;
        Runnable two = released::incrementAndGet;
        assertTrue(h.holdUntilRemoved(one));
        assertTrue(h.holdUntilRemoved(two));
        h.forget(two);
        assertEquals(1, h.held());
        h.remove();
        assertEquals(1, released.get());
        assertFalse(h.holdUntilRemoved(one), "a removed rule holds nothing");
    }

    @Test
    void delaysRunLaterAndAtOnceWhenTheServerStops() throws Exception {
        FaultInjector faults = new FaultInjector("test");
        CountDownLatch ran = new CountDownLatch(1);
        long start = System.nanoTime();
        faults.schedule(Duration.ofMillis(30), ran::countDown);
        assertTrue(ran.await(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        CountDownLatch pending = new CountDownLatch(1);
        faults.schedule(Duration.ofHours(1), pending::countDown);
        FaultHandle h = faults.add("stall");
        AtomicInteger released = new AtomicInteger();
        h.holdUntilRemoved(released::incrementAndGet);
        faults.close();
        assertEquals(0, pending.getCount(), "a pending delay runs when the server stops");
        assertEquals(1, released.get(), "and stalled responses are released");
        assertThrows(IllegalStateException.class, () -> faults.add("busy"));
    }
}
