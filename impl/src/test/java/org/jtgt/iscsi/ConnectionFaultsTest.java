package org.jtgt.iscsi;

import static org.jtgt.testing.ProtocolHarness.data;
import static org.jtgt.testing.ProtocolHarness.opcode;
import static org.jtgt.testing.ProtocolHarness.u32;
import static org.jtgt.testing.ProtocolHarness.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import org.jtgt.fault.FaultHandle;
import org.jtgt.fault.FaultInjector;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.ProtocolHarness;
import org.jtgt.testing.TestCdbs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault rules at the two points where they reach a connection's commands, without sockets:
 * statuses that replace a command, a dropped connection, and stalled responses that task
 * management, the rule's removal or the connection's end let go of, with every buffer back.
 */
class ConnectionFaultsTest {

    private ProtocolHarness h;
    private FaultInjector faults;

    @BeforeEach
    void login() {
        h = new ProtocolHarness();
        h.loginDefaults();
        h.clearUnitAttentions();             // the power-on unit attention of a new nexus
        faults = h.context.faults();
    }

    /** The PDUs sent since the last call, each written as far as the transport goes (its whenDone run). */
    private List<OutboundPdu> written() {
        List<OutboundPdu> out = h.take();
        for (OutboundPdu pdu : out) {
            if (pdu.whenDone() != null) {
                pdu.whenDone().run();
            }
        }
        return out;
    }

    private int read(long lba, int blocks) {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.read10(lba, blocks), blocks * 512, true, false, true, h.nextCmdSN(), 1, null));
        return itt;
    }

    private List<OutboundPdu> write(long lba, byte fill) {
        byte[] block = new byte[512];
        Arrays.fill(block, fill);
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.write10(lba, 1), 512, false, true, true, h.nextCmdSN(), 1,
                ByteBuffer.wrap(block)));
        return written();
    }

    private static OutboundPdu last(List<OutboundPdu> out) {
        assertTrue(!out.isEmpty(), "a response");
        return out.get(out.size() - 1);
    }

    @Test
    void aMediumErrorAnswersInsteadOfTheDiskWithTheFailingLba() {
        faults.add("medium-error lba=1000-1007");
        read(992, 16);
        OutboundPdu response = last(written());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(response));
        assertEquals(2, u8(response, 3), "CHECK CONDITION");
        byte[] sense = Arrays.copyOfRange(data(response), 2, data(response).length);
        assertEquals(0xF0, sense[0] & 0xFF, "fixed format with VALID information");
        assertEquals(0x03, sense[2] & 0x0F, "MEDIUM ERROR");
        assertEquals(1000, ByteBuffer.wrap(sense).getInt(3), "the first failing LBA");
        assertEquals(0x11, sense[12] & 0xFF, "UNRECOVERED READ ERROR");
        read(0, 8);
        OutboundPdu elsewhere = last(written());
        assertEquals(Opcode.DATA_IN, opcode(elsewhere));
        assertEquals(0, u8(elsewhere, 3), "GOOD elsewhere");
    }

    @Test
    void aBusyWriteLeavesTheMediumUntouchedAndTheNextWriteLands() {
        FaultHandle busy = faults.add("busy opcode=WRITE count=1");
        assertEquals(0x08, u8(last(write(0, (byte) 0xAA)), 3), "BUSY");
        read(0, 1);
        assertArrayEquals(new byte[512], data(last(written())), "the refused write changed nothing");
        assertEquals(0, u8(last(write(0, (byte) 0xAA)), 3), "the retry is GOOD");
        assertEquals(1, busy.fired());
        assertEquals(0, h.context.buffers().bytesInUse());
    }

    @Test
    void abortTaskEndsAStalledTaskAndReturnsItsBuffers() {
        FaultHandle stall = faults.add("stall opcode=READ");
        int itt = read(0, 16);
        assertTrue(h.take().isEmpty(), "no response while stalled");
        assertEquals(1, h.connection().activeTasks());
        assertEquals(1, stall.held());
        h.receive(InitiatorPdus.taskManagement(h.nextItt(), TaskManagement.ABORT_TASK, 0, itt, h.peekCmdSN() - 1, h.peekCmdSN(), 1));
        List<OutboundPdu> out = written();
        assertEquals(1, out.size(), out.toString());
        assertEquals(Opcode.TASK_MANAGEMENT_RESPONSE, opcode(out.get(0)));
        assertEquals(TargetPdus.TMF_COMPLETE, u8(out.get(0), 2));
        assertEquals(0, h.connection().activeTasks());
        assertEquals(0, stall.held());
        assertEquals(0, h.context.buffers().bytesInUse(), "the stalled read's data-in buffer came back");
        stall.remove();
        assertTrue(h.take().isEmpty(), "an aborted task is never answered, not even after its rule goes");
        assertEquals(0, u8(last(write(3, (byte) 1)), 3), "the session goes on");
    }

    @Test
    void removingTheRuleSendsTheStalledResponse() {
        FaultHandle stall = faults.add("stall");
        int itt = read(0, 2);
        assertTrue(h.take().isEmpty());
        stall.remove();
        OutboundPdu response = last(written());
        assertEquals(Opcode.DATA_IN, opcode(response));
        assertEquals(itt, u32(response, Bhs.INITIATOR_TASK_TAG));
        assertEquals(0, u8(response, 3));
        assertEquals(0, h.context.buffers().bytesInUse());
    }

    @Test
    void theEndOfTheConnectionReleasesStalledTasks() {
        FaultHandle stall = faults.add("stall");
        read(0, 64);
        read(64, 64);
        assertEquals(2, stall.held());
        h.channel.close("initiator gone");
        assertEquals(0, stall.held());
        assertEquals(0, h.context.buffers().bytesInUse());
        assertEquals(0, h.context.sessions().size());
    }

    @Test
    void aResetFromAnotherSessionAnswersAStalledTaskWithTaskAborted() {
        faults.add("stall");
        int itt = read(0, 1);
        ProtocolHarness other = new ProtocolHarness(h);
        other.login(0x400000000002L);
        other.receive(InitiatorPdus.taskManagement(other.nextItt(), TaskManagement.LOGICAL_UNIT_RESET, 0, Bhs.RESERVED_TAG,
                other.peekCmdSN(), other.peekCmdSN(), 1));
        OutboundPdu aborted = last(written());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(aborted));
        assertEquals(itt, u32(aborted, Bhs.INITIATOR_TASK_TAG));
        assertEquals(0x40, u8(aborted, 3), "TASK ABORTED");
        assertEquals(0, h.context.buffers().bytesInUse());
    }

    @Test
    void dropConnectionClosesItWithoutRunningTheCommand() {
        FaultHandle drop = faults.add("drop-connection opcode=WRITE");
        List<OutboundPdu> out = write(0, (byte) 0x55);
        assertTrue(out.isEmpty(), out.toString());
        assertTrue(h.channel.closedReason.contains("fault rule " + drop.id()), h.channel.closedReason);
        assertEquals(0, h.context.sessions().size());
        assertEquals(0, h.context.buffers().bytesInUse(), "the write's buffer came back");
        ByteBuffer block = ByteBuffer.allocate(512);
        h.store.read(0, block);
        assertEquals(0, block.get(0), "the write did not run");
    }

    @Test
    void digestFaultsMarkTheRightPdus() {
        faults.add("corrupt-data-digest count=1");
        read(0, 32);
        List<OutboundPdu> dataIn = written();
        assertTrue(dataIn.size() > 1, "several Data-In PDUs");
        assertEquals(0xFFFFFFFF, dataIn.get(0).dataDigestXor(), "the first Data-In");
        assertEquals(0, dataIn.get(1).dataDigestXor());
        faults.clear();
        faults.add("corrupt-header-digest count=1");
        read(0, 1);
        OutboundPdu status = last(written());
        assertEquals(0xFFFFFFFF, status.headerDigestXor(), "the PDU with the status");
        assertEquals(0, status.dataDigestXor());
    }
}
