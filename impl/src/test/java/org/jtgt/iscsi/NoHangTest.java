package org.jtgt.iscsi;

import static org.jtgt.testing.ProtocolHarness.data;
import static org.jtgt.testing.ProtocolHarness.opcode;
import static org.jtgt.testing.ProtocolHarness.u32;
import static org.jtgt.testing.ProtocolHarness.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseKey;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.testing.HeldUnit;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.ProtocolHarness;
import org.jtgt.testing.TestCdbs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every error path ends its command with a response (or a Reject); none leaves it hanging. */
class NoHangTest {

    private final HeldUnit unit = new HeldUnit();
    private ProtocolHarness h;

    @BeforeEach
    void login() {
        h = new ProtocolHarness(unit);
        h.loginDefaults();
    }

    private OutboundPdu only(List<OutboundPdu> out) {
        assertEquals(1, out.size(), out.toString());
        return out.get(0);
    }

    private static int senseKey(OutboundPdu response) {
        return data(response)[2 + 2] & 0x0F;
    }

    private static int asc(OutboundPdu response) {
        return data(response)[2 + 12] & 0xFF;
    }

    private OutboundPdu command(byte[] cdb) {
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, cdb, 0, false, false, true, h.nextCmdSN(), 1, null));
        return only(h.take());
    }

    @Test
    void aUnitThatThrowsABugEndsInInternalTargetFailure() {
        unit.behave(c -> {
            throw new IllegalStateException("a bug in the unit");
        });
        OutboundPdu r = command(TestCdbs.testUnitReady());
        assertEquals(2, u8(r, 3));
        assertEquals(SenseKey.HARDWARE_ERROR.code(), senseKey(r));
        assertEquals(0x44, asc(r));
        assertEquals(0, h.connection().activeTasks());
    }

    @Test
    void aUnitThatThrowsScsiExceptionEndsWithItsSense() {
        unit.behave(c -> {
            throw new ScsiException(SenseKey.NOT_READY, 0x04, 0x01);
        });
        OutboundPdu r = command(TestCdbs.testUnitReady());
        assertEquals(SenseKey.NOT_READY.code(), senseKey(r));
        assertEquals(0x04, asc(r));
    }

    @Test
    void aSecondCompletionIsIgnored() {
        unit.behave(c -> {
            c.complete();
            c.complete();
        });
        OutboundPdu r = command(TestCdbs.testUnitReady());
        assertEquals(0, u8(r, 3));
        assertTrue(h.take().isEmpty());
    }

    @Test
    void aUnitThatCompletesAndThenThrowsAnswersOnce() {
        unit.behave(c -> {
            c.complete();
            throw new IllegalStateException("late bug");
        });
        assertEquals(0, u8(command(TestCdbs.testUnitReady()), 3));
        assertTrue(h.take().isEmpty());
    }

    @Test
    void aDataOutAtTheWrongOffsetFailsItsCommand() {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 4), 2048, false, true, false, h.nextCmdSN(), 1, null));
        h.take();
        h.receive(InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 0, 1024, true, 1, ByteBuffer.allocate(512)));
        OutboundPdu r = only(h.take());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(r));
        assertEquals(itt, u32(r, Bhs.INITIATOR_TASK_TAG));
        assertEquals(SenseKey.ABORTED_COMMAND.code(), senseKey(r));
        assertEquals(0x4B, asc(r));
        assertTrue(unit.held.isEmpty(), "the unit never saw it");
    }

    @Test
    void aDataOutBeyondTheTransferFailsItsCommand() {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 1), 512, false, true, false, h.nextCmdSN(), 1, null));
        h.take();
        h.receive(InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 0, 0, true, 1, ByteBuffer.allocate(1024)));
        assertEquals(0x4B, asc(only(h.take())));
    }

    @Test
    void aDataOutWithAnUnknownTransferTagFailsItsCommand() {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 64), 32768, false, true, true, h.nextCmdSN(), 1, null));
        assertEquals(Opcode.R2T, opcode(h.take().get(0)));
        h.receive(InitiatorPdus.dataOut(itt, 0, 0x7777, 0, 0, true, 1, ByteBuffer.allocate(512)));
        OutboundPdu r = only(h.take());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(r));
        assertEquals(SenseKey.ABORTED_COMMAND.code(), senseKey(r));
    }

    @Test
    void refusedCommandsAreRejectedAndTheirCreditReturned() {
        unit.behave(c -> c.complete());
        int before = u32(command(TestCdbs.testUnitReady()), Bhs.MAX_CMD_SN);
        unit.behave(c -> unit.held.add(c));
        int busy = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(busy, 0, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        assertTrue(h.take().isEmpty(), "held in the unit");
        // the same tag again while the first is in flight
        h.receive(InitiatorPdus.scsiCommand(busy, 0, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        OutboundPdu reject = only(h.take());
        assertEquals(Opcode.REJECT, opcode(reject));
        assertEquals(TargetPdus.REJECT_TASK_IN_PROGRESS, u8(reject, 2));
        // immediate data on a command that is not a write
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 512, true, false, true, h.nextCmdSN(), 1,
                ByteBuffer.allocate(512)));
        assertEquals(Opcode.REJECT, opcode(only(h.take())));
        unit.held.get(0).complete();
        OutboundPdu done = only(h.take());
        assertEquals(busy, u32(done, Bhs.INITIATOR_TASK_TAG));
        assertEquals(before + 3, u32(done, Bhs.MAX_CMD_SN), "refused commands gave their credit back");
    }

    @Test
    void logoutWaitsForTheCommandsInFlight() {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 1), 512, false, true, true, h.nextCmdSN(), 1,
                ByteBuffer.allocate(512)));
        assertEquals(1, unit.held.size());
        h.receive(InitiatorPdus.logout(h.nextItt(), 0, 1, true, h.peekCmdSN(), 1));
        assertTrue(h.take().isEmpty(), "no logout response while a write is in flight");
        assertFalse(h.channel.closedAfterFlush);
        unit.held.get(0).complete();
        List<OutboundPdu> out = h.take();
        assertEquals(2, out.size());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(out.get(0)));
        assertEquals(itt, u32(out.get(0), Bhs.INITIATOR_TASK_TAG));
        assertEquals(Opcode.LOGOUT_RESPONSE, opcode(out.get(1)));
        assertTrue(h.channel.closedAfterFlush);
    }

    @Test
    void aCommandCompletedAfterTheConnectionClosedSendsNothing() {
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        h.channel.close("peer went away");
        assertTrue(unit.held.get(0).aborted(), "the unit can see the command is moot");
        unit.held.get(0).complete();
        assertTrue(h.take().isEmpty());
    }
}
