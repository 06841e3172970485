package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;

class UnitAttentionsTest {

    private final TestDisk t = TestDisk.memory(64);
    private final Nexus other = TestDisk.nexus(2);

    private static Cdb tur() {
        return Cdb.of(Opcodes.TEST_UNIT_READY);
    }

    private static Cdb requestSense(boolean descriptor) {
        return Cdb.of(Opcodes.REQUEST_SENSE).u8(1, descriptor ? 1 : 0).u8(4, 252);
    }

    @Test
    void aNewNexusSeesPowerOnOnceOnItsFirstReportingCommand() {
        t.run(other, Cdb.of(Opcodes.INQUIRY).u16(3, 96), null).assertGood();
        t.run(other, Cdb.block(Opcodes.READ_10, 0, 1), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        t.run(other, Cdb.block(Opcodes.READ_10, 0, 1), null).assertGood();
        t.run(tur()).assertGood();
    }

    @Test
    void anUnknownOpcodeStillReportsTheAttentionFirst() {
        t.run(other, Cdb.of(0xE5), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        t.run(other, Cdb.of(0xE5), null).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    }

    @Test
    void requestSenseReturnsThePendingAttentionAsDataAndClearsIt() {
        byte[] fixed = t.run(other, requestSense(false), null).assertGood();
        assertEquals(0x70, fixed[0]);
        assertEquals(0x06, fixed[2], "UNIT ATTENTION");
        assertEquals(0x29, fixed[12]);
        assertEquals(0x00, fixed[13]);
        byte[] none = t.run(other, requestSense(false), null).assertGood();
        assertEquals(0, none[2], "NO SENSE");
        t.run(other, tur(), null).assertGood();

        t.disk.reset(ResetKind.LOGICAL_UNIT, other);
        byte[] descriptor = t.run(requestSense(true)).assertGood();
        assertEquals(0x72, descriptor[0]);
        assertEquals(0x06, descriptor[1]);
        assertEquals(0x29, descriptor[2]);
        assertEquals(0x03, descriptor[3]);
    }

    @Test
    void logicalUnitResetReachesEveryNexusTheIssuerIncluded() {
        t.login(other);
        t.disk.reset(ResetKind.LOGICAL_UNIT, other);
        for (Nexus n : new Nexus[] {RecordingCommand.NEXUS, other}) {
            t.run(n, tur(), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x03);
            t.run(n, tur(), null).assertGood();
        }
    }

    @Test
    void targetResetsArePowerOnResetClass() {
        for (ResetKind kind : new ResetKind[] {ResetKind.TARGET_WARM, ResetKind.TARGET_COLD}) {
            t.disk.reset(kind, other);
            t.run(tur()).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
            t.run(tur()).assertGood();
        }
    }

    @Test
    void aLostNexusForgetsItsAttentionsAndStartsOverWithPowerOn() {
        t.disk.reset(ResetKind.LOGICAL_UNIT, other);
        t.disk.nexusLost(RecordingCommand.NEXUS);
        t.run(tur()).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        t.run(tur()).assertGood();
    }

    @Test
    void queueKeepsOrderDropsDuplicatesAndAResetReplacesIt() {
        UnitAttentions ua = new UnitAttentions();
        Nexus n = RecordingCommand.NEXUS;
        assertEquals(SenseCodes.POWER_ON_RESET_OCCURRED, ua.take(n));
        assertNull(ua.take(n));
        ua.establish(n, SenseCodes.MODE_PARAMETERS_CHANGED);
        ua.establish(n, SenseCodes.RESERVATIONS_RELEASED);
        ua.establish(n, SenseCodes.MODE_PARAMETERS_CHANGED);
        assertEquals(SenseCodes.MODE_PARAMETERS_CHANGED, ua.take(n));
        assertEquals(SenseCodes.RESERVATIONS_RELEASED, ua.take(n));
        assertNull(ua.take(n));

        ua.establish(n, SenseCodes.REGISTRATIONS_PREEMPTED);
        ua.establishForAll(SenseCodes.BUS_DEVICE_RESET_FUNCTION_OCCURRED);
        ua.establishForOthers(other, SenseCodes.MODE_PARAMETERS_CHANGED);
        assertEquals(SenseCodes.BUS_DEVICE_RESET_FUNCTION_OCCURRED, ua.take(n));
        assertEquals(SenseCodes.MODE_PARAMETERS_CHANGED, ua.take(n));
        assertNull(ua.take(n));

        ua.establishForOthers(n, SenseCodes.MODE_PARAMETERS_CHANGED);
        ua.establish(other, SenseCodes.RESERVATIONS_PREEMPTED);
        assertNull(ua.take(n), "not for the excepted nexus");
        assertEquals(SenseCodes.POWER_ON_RESET_OCCURRED, ua.take(other), "nothing is established for an unknown nexus");
        assertNull(ua.take(other));
    }

    /** Sessions on different workers establish and take at once; every condition is reported exactly once. */
    @Test
    void concurrentNexusesEachSeeEveryConditionOnce() throws Exception {
        UnitAttentions ua = new UnitAttentions();
        int nexuses = 8;
        List<Nexus> all = new ArrayList<>();
        for (int i = 0; i < nexuses; i++) {
            all.add(TestDisk.nexus(100 + i));
            assertEquals(SenseCodes.POWER_ON_RESET_OCCURRED, ua.take(all.get(i)));
        }
        SenseData[] conditions = {SenseCodes.MODE_PARAMETERS_CHANGED, SenseCodes.RESERVATIONS_RELEASED, SenseCodes.REGISTRATIONS_PREEMPTED};
        ExecutorService pool = Executors.newFixedThreadPool(nexuses);
        try {
            List<Future<Integer>> seen = new ArrayList<>();
            for (int round = 0; round < 200; round++) {
                SenseData c = conditions[round % conditions.length];
                ua.establishForAll(c);
                seen.clear();
                for (Nexus n : all) {
                    seen.add(pool.submit(() -> {
                        int count = 0;
                        while (ua.take(n) != null) {
                            count++;
                        }
                        return count;
                    }));
                }
                for (Future<Integer> f : seen) {
                    assertEquals(1, f.get());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
