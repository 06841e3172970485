package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;

/** RESERVE and RELEASE (SPC-2) between two I_T nexuses of one disk. */
class ReserveReleaseTest {

    private final TestDisk t = TestDisk.memory(64);
    private final Nexus holder = RecordingCommand.NEXUS;
    private final Nexus other = TestDisk.nexus(2);

    ReserveReleaseTest() {
        t.login(other);
    }

    private RecordingCommand run(Nexus nexus, Cdb cdb) {
        return t.run(nexus, cdb, null);
    }

    private RecordingCommand run(Nexus nexus, Cdb cdb, byte[] data) {
        return t.run(nexus, cdb, data);
    }

    private static Cdb reserve(int opcode) {
        return Cdb.of(opcode);
    }

    @Test
    void theHolderMayDoEverythingOthersOnlyWhatSpc2Allows() {
        for (int[] pair : new int[][] {{Opcodes.RESERVE_6, Opcodes.RELEASE_6}, {Opcodes.RESERVE_10, Opcodes.RELEASE_10}}) {
            run(holder, reserve(pair[0])).assertGood();
            run(holder, reserve(pair[0])).assertGood();               // again by the holder: no change
            run(other, reserve(Opcodes.RESERVE_6)).assertConflict();
            run(other, reserve(Opcodes.RESERVE_10)).assertConflict();
            run(other, reserve(pair[1])).assertGood();                // changes nothing
            run(other, Cdb.block(Opcodes.READ_10, 0, 1)).assertConflict();

            run(holder, Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 1)).assertGood();
            run(holder, Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
            run(holder, Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255)).assertGood();
            run(holder, Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();

            run(other, Cdb.of(Opcodes.INQUIRY).u16(3, 36)).assertGood();
            run(other, Cdb.of(Opcodes.REQUEST_SENSE).u8(4, 18)).assertGood();
            run(other, Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL)).assertGood();
            run(other, Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).u8(4, 1)).assertConflict();
            for (Cdb c : new Cdb[] {Cdb.of(Opcodes.TEST_UNIT_READY), Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255),
                Cdb.of(Opcodes.READ_CAPACITY_10), Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 1), Cdb.block(Opcodes.VERIFY_10, 0, 1),
                Cdb.block(Opcodes.SYNCHRONIZE_CACHE_10, 0, 0)}) {
                run(other, c).assertConflict();
            }
            run(other, Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 2)).assertConflict();
            assertEquals(1, t.get(0, 1)[0], "the conflicting write wrote nothing");

            run(holder, reserve(pair[1])).assertGood();
            run(other, reserve(pair[0])).assertGood();
            run(holder, Cdb.block(Opcodes.READ_10, 0, 1)).assertConflict();
            run(other, reserve(pair[1])).assertGood();
            run(holder, Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
        }
    }

    @Test
    void aLostHolderNexusReleases() {
        run(holder, reserve(Opcodes.RESERVE_6)).assertGood();
        t.disk.nexusLost(other);
        run(holder, Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
        t.disk.nexusLost(holder);
        t.login(other);                                              // a new session of the lost nexus
        run(other, reserve(Opcodes.RESERVE_6)).assertGood();
    }

    @Test
    void everyResetReleases() {
        for (ResetKind kind : ResetKind.values()) {
            run(holder, reserve(Opcodes.RESERVE_10)).assertGood();
            t.disk.reset(kind, holder);
            run(other, Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, kind == ResetKind.LOGICAL_UNIT ? 3 : 0);
            run(other, reserve(Opcodes.RESERVE_10)).assertGood();
            run(other, reserve(Opcodes.RELEASE_10)).assertGood();
            run(holder, Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, kind == ResetKind.LOGICAL_UNIT ? 3 : 0);
        }
    }

    @Test
    void aUnitAttentionComesBeforeTheConflict() {
        run(holder, reserve(Opcodes.RESERVE_6)).assertGood();
        Nexus late = TestDisk.nexus(3);
        run(late, Cdb.block(Opcodes.READ_10, 0, 1)).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        run(late, Cdb.block(Opcodes.READ_10, 0, 1)).assertConflict();
    }

    @Test
    void thirdPartyReservationsAreRefused() {
        byte[] sense = run(holder, reserve(Opcodes.RESERVE_10).u8(1, 0x10)).assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xCC, sense[15], "SKSV, C/D, BPV, bit 4");
        assertEquals(1, sense[17]);
        run(holder, reserve(Opcodes.RELEASE_10).u8(1, 0x02)).assertInvalidField();
        run(other, reserve(Opcodes.RESERVE_6)).assertGood();
    }

    @Test
    void accessRulesThatDependOnTheCdb() {
        assertEquals(Access.ANY, Access.preventAllow(ByteBuffer.wrap(Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).bytes())));
        assertEquals(Access.WRITE, Access.preventAllow(ByteBuffer.wrap(Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).u8(4, 1).bytes())));
        assertEquals(Access.STATUS, Access.startStopUnit(ByteBuffer.wrap(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x01).bytes())));
        assertEquals(Access.STATUS, Access.startStopUnit(ByteBuffer.wrap(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x03).bytes())));
        assertEquals(Access.WRITE, Access.startStopUnit(ByteBuffer.wrap(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x00).bytes())));
        assertEquals(Access.WRITE, Access.startStopUnit(ByteBuffer.wrap(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x11).bytes())));
        assertEquals(Access.READ, Access.READ.of(ByteBuffer.allocate(6)));
    }
}
