package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;

/** PERSISTENT RESERVE IN and OUT between the I_T nexuses A, B and C of one disk. */
class PersistentReserveTest {

    private static final int WE = 1;
    private static final int EA = 3;
    private static final int WERO = 5;
    private static final int EARO = 6;
    private static final int WEAR = 7;
    private static final int EAAR = 8;
    private static final long KA = 0xA1A1_0000_0000_0001L;
    private static final long KB = 0xB2B2_0000_0000_0002L;
    private static final long KC = 0xC3C3_0000_0000_0003L;

    private final TestDisk t = TestDisk.memory(64);
    private final Nexus a = RecordingCommand.NEXUS;
    private final Nexus b = TestDisk.nexus(2);
    private final Nexus c = TestDisk.nexus(3);
    /** Never registered: reads the state without meeting the unit attentions the others get. */
    private final Nexus observer = TestDisk.nexus(9);

    PersistentReserveTest() {
        t.login(b);
        t.login(c);
        t.login(observer);
    }

    // ---- commands

    private RecordingCommand out(Nexus n, int action, int type, long key, long serviceActionKey) {
        return out(n, action, type, list(key, serviceActionKey, 0));
    }

    private RecordingCommand out(Nexus n, int action, int type, byte[] list) {
        Cdb cdb = Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u8(1, action).u8(2, type).u32(5, list.length);
        return t.run(n, cdb, list);
    }

    private static byte[] list(long key, long serviceActionKey, int flags) {
        return ByteBuffer.allocate(24).putLong(key).putLong(serviceActionKey).put(20, (byte) flags).array();
    }

    private void register(Nexus n, long key) {
        out(n, Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 0, key).assertGood();
    }

    private ByteBuffer in(Nexus n, int action, int allocation) {
        return ByteBuffer.wrap(t.run(n, Cdb.of(Opcodes.PERSISTENT_RESERVE_IN).u8(1, action).u16(7, allocation), null).assertGood());
    }

    private int generation() {
        return in(observer, Opcodes.SA_READ_KEYS, 8).getInt(0);
    }

    private List<Long> keys() {
        ByteBuffer d = in(observer, Opcodes.SA_READ_KEYS, 1024);
        List<Long> keys = new ArrayList<>();
        for (int at = 8; at < 8 + d.getInt(4); at += 8) {
            keys.add(d.getLong(at));
        }
        return keys;
    }

    /** The reservation as READ RESERVATION reports it: {key, type}, or null. */
    private long[] reservation() {
        ByteBuffer d = in(observer, Opcodes.SA_READ_RESERVATION, 1024);
        if (d.getInt(4) == 0) {
            assertEquals(8, d.limit());
            return null;
        }
        assertEquals(16, d.getInt(4));
        assertEquals(0, d.get(21) >>> 4, "scope");
        return new long[] {d.getLong(8), d.get(21) & 0x0F};
    }

    private RecordingCommand read(Nexus n) {
        return t.run(n, Cdb.block(Opcodes.READ_10, 1, 1), null);
    }

    private RecordingCommand write(Nexus n) {
        return t.run(n, Cdb.block(Opcodes.WRITE_10, 1, 1), TestDisk.filled(1, 0x33));
    }

    private void assertAttention(Nexus n, int ascq) {
        t.run(n, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, ascq);
        t.run(n, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
    }

    private void assertNoAttention(Nexus n) {
        t.run(n, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
    }

    // ---- registration and the generation

    @Test
    void registrationsAreListedInOrderAndAdvanceTheGeneration() {
        assertEquals(0, generation());
        assertEquals(List.of(), keys());
        register(a, KA);
        out(b, Opcodes.SA_REGISTER, 0, 0, KB).assertGood();
        assertEquals(2, generation());
        assertEquals(List.of(KA, KB), keys());

        ByteBuffer truncated = in(a, Opcodes.SA_READ_KEYS, 8);
        assertEquals(8, truncated.limit());
        assertEquals(16, truncated.getInt(4), "ADDITIONAL LENGTH is not cut by the allocation length");
    }

    @Test
    void registerChecksTheCurrentKey() {
        out(a, Opcodes.SA_REGISTER, 0, KA, KA).assertConflict();            // not registered: key must be zero
        out(a, Opcodes.SA_REGISTER, 0, 0, 0).assertGood();                  // nothing to do
        assertEquals(0, generation(), "a registration of key zero does nothing");
        register(a, KA);
        out(a, Opcodes.SA_REGISTER, 0, 0, KA + 1).assertConflict();         // registered: key must be KA
        out(a, Opcodes.SA_REGISTER, 0, KA, KA + 1).assertGood();
        assertEquals(List.of(KA + 1), keys());
        out(a, Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 12345, KA).assertGood();
        assertEquals(List.of(KA), keys());
        out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();                 // unregister
        assertEquals(List.of(), keys());
        assertEquals(4, generation());
    }

    @Test
    void registrationsAndReservationsSurviveNexusLossAndResets() {
        register(a, KA);
        register(b, KB);
        out(a, Opcodes.SA_RESERVE, WE, KA, 0).assertGood();
        t.disk.nexusLost(a);
        t.disk.reset(ResetKind.LOGICAL_UNIT, b);
        t.disk.reset(ResetKind.TARGET_WARM, b);
        t.login(a);
        t.run(b, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        t.run(observer, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        assertEquals(List.of(KA, KB), keys());
        assertArrayEquals(new long[] {KA, WE}, reservation());
        write(b).assertConflict();
        write(a).assertGood();
    }

    // ---- reservations

    @Test
    void everyTypeReservesAndReleasesWithoutChangingTheGeneration() {
        register(a, KA);
        register(b, KB);
        int generation = generation();
        for (int type : new int[] {WE, EA, WERO, EARO, WEAR, EAAR}) {
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();
            assertArrayEquals(new long[] {type == WEAR || type == EAAR ? 0 : KA, type}, reservation());
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();           // the same again
            out(a, Opcodes.SA_RESERVE, type == WE ? EA : WE, KA, 0).assertConflict();
            if (type != WEAR && type != EAAR) {
                out(b, Opcodes.SA_RESERVE, type, KB, 0).assertConflict();
            }
            out(a, Opcodes.SA_RELEASE, type == WE ? EA : WE, KA, 0).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x04);
            out(a, Opcodes.SA_RELEASE, type, KA, 0).assertGood();
            assertEquals(null, reservation());
            t.run(b, Cdb.of(Opcodes.TEST_UNIT_READY), null);                // whatever the release told B
        }
        assertEquals(generation, generation());
    }

    @Test
    void reserveAndReleaseNeedARegisteredNexusWithItsKey() {
        out(a, Opcodes.SA_RESERVE, WE, 0, 0).assertConflict();
        register(a, KA);
        out(a, Opcodes.SA_RESERVE, WE, KB, 0).assertConflict();
        out(a, Opcodes.SA_RESERVE, WE, KA, 0).assertGood();
        out(b, Opcodes.SA_RELEASE, WE, 0, 0).assertConflict();
        register(b, KB);
        out(b, Opcodes.SA_RELEASE, WE, KB, 0).assertGood();                 // not the holder: no change
        assertArrayEquals(new long[] {KA, WE}, reservation());
    }

    @Test
    void scopeAndTypeOfReserveAndReleaseAreChecked() {
        register(a, KA);
        byte[] scope = out(a, Opcodes.SA_RESERVE, 0x10 | WE, KA, 0).assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xCF, scope[15], "SKSV, C/D, BPV, bit 7");
        assertEquals(2, scope[17]);
        out(a, Opcodes.SA_RESERVE, 2, KA, 0).assertInvalidField();
        out(a, Opcodes.SA_RELEASE, 0, KA, 0).assertInvalidField();
        assertEquals(null, reservation());
    }

    /** Initiator A holds the reservation; B reads and writes registered, then unregistered (the libiscsi table). */
    @Test
    void accessOfOtherNexusesFollowsTheType() {
        int[][] table = {
            // type, registered read, registered write, unregistered read, unregistered write
            {EA, 0, 0, 0, 0}, {WE, 1, 0, 1, 0}, {EARO, 1, 1, 0, 0}, {WERO, 1, 1, 1, 0}, {EAAR, 1, 1, 0, 0}, {WEAR, 1, 1, 1, 0}};
        for (int[] row : table) {
            register(a, KA);
            register(b, KB);
            out(a, Opcodes.SA_RESERVE, row[0], KA, 0).assertGood();
            read(a).assertGood();
            write(a).assertGood();
            assertAccess(row[1] == 1, read(b));
            assertAccess(row[2] == 1, write(b));
            out(b, Opcodes.SA_REGISTER, 0, KB, 0).assertGood();
            assertAccess(row[3] == 1, read(b));
            assertAccess(row[4] == 1, write(b));
            assertAccess(row[3] == 1, t.run(b, Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255), null));
            assertAccess(row[4] == 1, t.run(b, Cdb.block(Opcodes.SYNCHRONIZE_CACHE_10, 0, 0), null));
            t.run(b, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
            t.run(b, Cdb.of(Opcodes.READ_CAPACITY_10), null).assertGood();
            t.run(b, Cdb.of(Opcodes.INQUIRY).u16(3, 36), null).assertGood();
            in(b, Opcodes.SA_READ_KEYS, 64);
            out(a, Opcodes.SA_RELEASE, row[0], KA, 0).assertGood();
            out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();
            write(b).assertGood();
        }
    }

    private static void assertAccess(boolean allowed, RecordingCommand c) {
        if (allowed) {
            c.assertGood();
        } else {
            c.assertConflict();
        }
    }

    @Test
    void theHolderUnregisteringEndsItsReservationUnlessAllRegistrantsHoldIt() {
        for (int type : new int[] {EA, WE, EARO, WERO}) {
            register(a, KA);
            register(b, KB);
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();
            out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();
            assertEquals(null, reservation());
            if (type == EARO || type == WERO) {
                assertAttention(b, 0x04);                                    // RESERVATIONS RELEASED
            } else {
                assertNoAttention(b);
            }
            assertNoAttention(a);
            out(b, Opcodes.SA_REGISTER, 0, KB, 0).assertGood();
        }
        for (int type : new int[] {EAAR, WEAR}) {
            register(a, KA);
            register(b, KB);
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();
            out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();
            assertArrayEquals(new long[] {0, type}, reservation());
            write(b).assertGood();
            write(a).assertConflict();
            out(b, Opcodes.SA_RELEASE, type, KB, 0).assertGood();
            assertEquals(null, reservation());
            out(b, Opcodes.SA_REGISTER, 0, KB, 0).assertGood();
        }
        for (int type : new int[] {EAAR, WEAR}) {
            register(a, KA);
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();
            out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();
            assertEquals(null, reservation(), "the last registrant takes an all-registrants reservation with it");
        }
    }

    @Test
    void releasingARegistrantsTypeTellsTheOtherRegistrants() {
        register(a, KA);
        register(b, KB);
        out(a, Opcodes.SA_RESERVE, WE, KA, 0).assertGood();
        out(a, Opcodes.SA_RELEASE, WE, KA, 0).assertGood();
        assertNoAttention(b);
        for (int type : new int[] {WERO, EARO, WEAR, EAAR}) {
            out(a, Opcodes.SA_RESERVE, type, KA, 0).assertGood();
            out(a, Opcodes.SA_RELEASE, type, KA, 0).assertGood();
            assertAttention(b, 0x04);
            assertNoAttention(a);
            assertNoAttention(c);
        }
    }

    // ---- CLEAR and PREEMPT

    @Test
    void clearRemovesEverythingAdvancesTheGenerationByOneAndTellsTheRegistrants() {
        register(a, KA);
        register(b, KB);
        out(a, Opcodes.SA_RESERVE, EA, KA, 0).assertGood();
        int generation = generation();
        out(c, Opcodes.SA_CLEAR, 0, 0, 0).assertConflict();                 // only a registrant may clear
        out(a, Opcodes.SA_CLEAR, 0, KA, 0).assertGood();
        assertEquals(generation + 1, generation());
        assertEquals(List.of(), keys());
        assertEquals(null, reservation());
        assertAttention(b, 0x03);                                            // RESERVATIONS PREEMPTED
        assertNoAttention(a);
        assertNoAttention(c);
    }

    @Test
    void preemptWithoutAReservationRemovesTheRegistrationsOfAKey() {
        register(a, KA);
        register(b, KB);
        register(c, KA);
        int generation = generation();
        out(b, Opcodes.SA_PREEMPT, EA, KB, KA).assertGood();
        assertEquals(List.of(KB), keys());
        assertEquals(generation + 1, generation());
        assertAttention(a, 0x05);                                            // REGISTRATIONS PREEMPTED
        assertAttention(c, 0x05);
        assertNoAttention(b);
        assertEquals(List.of(), t.aborted, "PREEMPT aborts nothing");

        out(b, Opcodes.SA_PREEMPT, EA, KB, KA).assertConflict();            // no registration has the key
        byte[] zero = out(b, Opcodes.SA_PREEMPT, EA, KB, 0).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00).toFixedFormat();
        assertEquals(8, zero[17], "points at the SERVICE ACTION RESERVATION KEY");
        out(a, Opcodes.SA_PREEMPT, EA, KA, KB).assertConflict();            // A is no longer registered
        assertEquals(generation + 1, generation());
    }

    @Test
    void preemptingTheHolderTakesOverItsReservation() {
        register(a, KA);
        register(b, KB);
        register(c, KC);
        out(a, Opcodes.SA_RESERVE, WE, KA, 0).assertGood();
        out(b, Opcodes.SA_PREEMPT_AND_ABORT, EA, KB, KA).assertGood();
        assertArrayEquals(new long[] {KB, EA}, reservation());
        assertEquals(List.of(KB, KC), keys());
        assertEquals(List.of(a), t.aborted);
        assertAttention(a, 0x05);
        assertAttention(c, 0x04);                                            // the type changed: RESERVATIONS RELEASED
        read(a).assertConflict();
        read(b).assertGood();
    }

    @Test
    void theHolderPreemptsItselfToChangeTheType() {
        register(a, KA);
        register(b, KB);
        out(a, Opcodes.SA_RESERVE, WE, KA, 0).assertGood();
        out(a, Opcodes.SA_PREEMPT, WE, KA, KA).assertGood();
        assertNoAttention(b);                                                // same type: nothing to tell
        out(a, Opcodes.SA_PREEMPT, EA, KA, KA).assertGood();
        assertArrayEquals(new long[] {KA, EA}, reservation());
        assertEquals(List.of(KA, KB), keys());
        assertAttention(b, 0x04);
        out(a, Opcodes.SA_PREEMPT, 0x0F, KA, KA).assertInvalidField();       // a reservation needs a valid type
    }

    @Test
    void preemptingAnAllRegistrantsReservationWithKeyZeroLeavesOnlyThePreemptor() {
        register(a, KA);
        register(b, KB);
        register(c, KC);
        out(a, Opcodes.SA_RESERVE, WEAR, KA, 0).assertGood();
        out(b, Opcodes.SA_PREEMPT_AND_ABORT, WE, KB, 0).assertGood();
        assertArrayEquals(new long[] {KB, WE}, reservation());
        assertEquals(List.of(KB), keys());
        assertEquals(List.of(a, c), t.aborted);
        assertAttention(a, 0x05);
        assertAttention(c, 0x05);

        register(a, KA);
        out(b, Opcodes.SA_RESERVE, WE, KB, 0).assertGood();
        out(a, Opcodes.SA_PREEMPT, EA, KA, 0).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    }

    @Test
    void preemptingOtherKeysOfAnAllRegistrantsReservationKeepsIt() {
        register(a, KA);
        register(b, KB);
        out(a, Opcodes.SA_RESERVE, EAAR, KA, 0).assertGood();
        out(a, Opcodes.SA_PREEMPT, EAAR, KA, KB).assertGood();
        assertArrayEquals(new long[] {0, EAAR}, reservation());
        assertEquals(List.of(KA), keys());
        read(b).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x05);
        read(b).assertConflict();
    }

    // ---- RESERVE interplay, parameters, capabilities, full status

    @Test
    void registrationsAndReserveReservationsExcludeEachOther() {
        register(a, KA);
        for (Nexus n : new Nexus[] {a, b}) {
            t.run(n, Cdb.of(Opcodes.RESERVE_6), null).assertConflict();
            t.run(n, Cdb.of(Opcodes.RELEASE_10), null).assertConflict();
        }
        out(a, Opcodes.SA_REGISTER, 0, KA, 0).assertGood();
        t.run(b, Cdb.of(Opcodes.RESERVE_6), null).assertGood();
        for (Nexus n : new Nexus[] {a, b}) {
            t.run(n, Cdb.of(Opcodes.PERSISTENT_RESERVE_IN).u16(7, 64), null).assertConflict();
            out(n, Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY, 0, 0, KA).assertConflict();
        }
        t.run(b, Cdb.of(Opcodes.RELEASE_6), null).assertGood();
        register(a, KA);
    }

    /** Sessions on two workers race RESERVE against REGISTER: never may both succeed. */
    @Test
    void reserveAndRegisterRacingNeverBothSucceed() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 300; round++) {
                TestDisk disk = TestDisk.memory(8);
                disk.login(b);
                CyclicBarrier start = new CyclicBarrier(2);
                Future<RecordingCommand> reserve = pool.submit(() -> {
                    start.await();
                    return disk.run(a, Cdb.of(Opcodes.RESERVE_6), null);
                });
                Future<RecordingCommand> register = pool.submit(() -> {
                    start.await();
                    Cdb cdb = Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u8(1, Opcodes.SA_REGISTER).u32(5, 24);
                    return disk.run(b, cdb, list(0, KB, 0));
                });
                boolean reserved = reserve.get().status() == ScsiStatus.GOOD;
                boolean registered = register.get().status() == ScsiStatus.GOOD;
                assertTrue(reserved != registered, "round " + round + ": reserved " + reserved + ", registered " + registered);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theParameterListIsTheBasicOne() {
        Cdb cdb = Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u8(1, Opcodes.SA_REGISTER).u32(5, 28);
        t.run(a, cdb, new byte[28]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(a, Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u32(5, 0), null).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(a, Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u32(5, 24), new byte[20]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        int[][] refused = {{Opcodes.SA_REGISTER, 0x01, 0}, {Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY, 0x04, 2},
            {Opcodes.SA_REGISTER, 0x08, 3}, {Opcodes.SA_CLEAR, 0x08, 3}};
        for (int[] r : refused) {
            byte[] sense = out(a, r[0], 0, list(0, KA, r[1])).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00).toFixedFormat();
            assertEquals((byte) (0x88 | r[2]), sense[15], "SKSV, parameter data, BPV and the bit");
            assertEquals(20, sense[17]);
        }
        register(a, KA);
        out(a, Opcodes.SA_RESERVE, WE, list(KA, 0, 0x05)).assertGood();      // ALL_TG_PT and APTPL apply to registering only
        byte[] sense = t.run(a, Cdb.of(Opcodes.PERSISTENT_RESERVE_OUT).u8(1, 7).u32(5, 24), new byte[24]).assertInvalidField().toFixedFormat();
        assertEquals(1, sense[17], "REGISTER AND MOVE: the service action is not supported");
    }

    @Test
    void capabilitiesSayWhatTheUnitDoes() {
        assertArrayEquals(new byte[] {0, 8, 0x10, (byte) 0xB0, (byte) 0xEA, 0x01, 0, 0}, in(b, Opcodes.SA_REPORT_CAPABILITIES, 64).array());
        assertEquals(4, in(b, Opcodes.SA_REPORT_CAPABILITIES, 4).limit());
        for (int action = 4; action < 32; action++) {
            RecordingCommand unsupported = t.run(a, Cdb.of(Opcodes.PERSISTENT_RESERVE_IN).u8(1, action).u16(7, 64), null);
            assertEquals(ScsiStatus.CHECK_CONDITION, unsupported.status());
        }
    }

    @Test
    void fullStatusDescribesEveryRegistration() {
        register(a, KA);
        register(b, KB);
        out(b, Opcodes.SA_RESERVE, WERO, KB, 0).assertGood();
        ByteBuffer d = in(c, Opcodes.SA_READ_FULL_STATUS, 4096);
        assertEquals(d.limit() - 8, d.getInt(4));
        int at = 8;
        for (Object[] expected : new Object[][] {{a, KA, false}, {b, KB, true}}) {
            Nexus n = (Nexus) expected[0];
            assertEquals((long) expected[1], d.getLong(at));
            boolean holder = (boolean) expected[2];
            assertEquals(holder ? 1 : 0, d.get(at + 12), "R_HOLDER, no ALL_TG_PT");
            assertEquals(holder ? WERO : 0, d.get(at + 13));
            assertEquals(1, d.getShort(at + 18), "relative target port");
            int idLength = d.getInt(at + 20);
            assertEquals(0x45, d.get(at + 24), "iSCSI, initiator port TransportID");
            assertEquals(idLength - 4, d.getShort(at + 26));
            assertEquals(0, idLength % 4);
            byte[] name = new byte[n.initiatorPortName().length()];
            d.get(at + 28, name);
            assertEquals(n.initiatorPortName(), new String(name, StandardCharsets.UTF_8));
            assertEquals(0, d.get(at + 28 + name.length), "NUL-terminated");
            at += 24 + idLength;
        }
        assertEquals(d.limit(), at);
        assertTrue(in(c, Opcodes.SA_READ_FULL_STATUS, 12).limit() == 12);
    }
}
