package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.jtgt.fault.FaultHandle;
import org.jtgt.fault.FaultInjector;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.server.JtgtServer;
import org.jtgt.server.ServerListener;
import org.jtgt.stats.LunStatistics;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fault rules against QEMU's iSCSI driver (libiscsi): a medium error fails exactly the reads
 * that touch its block, BUSY, TASK SET FULL and UNIT ATTENTION are retried, a delay shows in
 * the LUN's latency, a dropped connection is reconnected without anything left over.
 *
 * <p>The first 1 MiB is written before each test: QEMU does not read blocks the target reports
 * unmapped (they read as zeros), so a read of them would never reach a rule.
 */
class FaultInjectionTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:faults";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger LOGINS = new AtomicInteger();
    private static JtgtServer server;
    private static FaultInjector lun0;

    @BeforeAll
    static void start() throws Exception {
        server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:64M")).start();
        server.addListener(new ServerListener() {
            @Override
            public void sessionStarted(IscsiSession session) {
                LOGINS.incrementAndGet();
            }
        });
        lun0 = server.faults().forLun(TARGET, 0);
        qemuIo("write -P 0x5a 0 1M").ok();
    }

    @AfterEach
    void clear() {
        server.faults().clear();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RealInitiators.Result qemuIo(String command) {
        return RealInitiators.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", command, server.url(TARGET, 0));
    }

    @Test
    void aMediumErrorFailsTheReadsThatTouchItsBlockUntilItIsRemoved() {
        FaultHandle rule = lun0.add("medium-error lba=100");
        RealInitiators.Result failed = qemuIo("read 0 64k");
        assertTrue(failed.output().contains("Input/output error"), failed.output());
        assertTrue(failed.output().contains("SENSE KEY:(null)(3)") || failed.output().contains("MEDIUM"), failed.output());
        String elsewhere = qemuIo("read -P 0x5a 64k 64k").ok().output();
        assertTrue(elsewhere.contains("read 65536/65536 bytes at offset 65536"), elsewhere);
        assertTrue(rule.fired() >= 1);
        rule.remove();
        String after = qemuIo("read -P 0x5a 0 64k").ok().output();
        assertTrue(after.contains("read 65536/65536 bytes at offset 0"), after);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"busy count=1 opcode=READ", "task-set-full count=1 opcode=READ",
        "unit-attention asc=29 ascq=00 count=1 opcode=READ"})
    void qemuRetriesAndSucceeds(String text) {
        FaultHandle rule = lun0.add(text);
        String out = qemuIo("read -P 0x5a 0 64k").ok().output();
        assertTrue(out.contains("read 65536/65536 bytes at offset 0"), out);
        assertEquals(1, rule.fired(), "the first read failed, the retry did not");
        assertTrue(out.contains("BUSY") || out.contains("TASK_SET_FULL") || out.contains("UNIT_ATTENTION"), "QEMU saw it: " + out);
    }

    @Test
    void aDelayShowsInTheLunLatency() {
        FaultHandle rule = lun0.add("latency 200ms opcode=READ count=1");
        qemuIo("read -P 0x5a 0 64k").ok();
        assertEquals(1, rule.fired());
        LunStatistics stats = server.targets().find(TARGET).mapped(0).statistics();
        assertTrue(stats.latency().percentile(100) >= Duration.ofMillis(200).toNanos(),
                "the slowest command took at least the delay: " + stats.latency().percentile(100) + " ns");
    }

    @Test
    void aDroppedConnectionIsReconnectedAndLeavesNothingBehind() throws Exception {
        int before = LOGINS.get();
        FaultHandle rule = lun0.add("drop-connection opcode=READ count=1");
        String out = qemuIo("read -P 0x5a 0 64k").ok().output();
        assertTrue(out.contains("read 65536/65536 bytes at offset 0"), out);
        assertEquals(1, rule.fired());
        assertEquals(2, LOGINS.get() - before, "QEMU logged in again after the drop");
        awaitTrue(() -> server.sessions().size() == 0 && server.buffers().bytesInUse() == 0);
        assertEquals(0, server.sessions().size(), "no session left");
        assertEquals(0, server.buffers().bytesInUse(), "no buffer left");
        assertEquals(0, server.targets().find(TARGET).mapped(0).inFlight(), "no command left in the unit");
    }

    /** Waits (not a timed assertion: the caller asserts the condition afterwards) for asynchronous cleanup. */
    static void awaitTrue(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
