package org.jtgt.iscsi;

import static org.jtgt.testing.ProtocolHarness.opcode;
import static org.jtgt.testing.ProtocolHarness.u32;
import static org.jtgt.testing.ProtocolHarness.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.ProtocolHarness;
import org.jtgt.testing.TestCdbs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Task management across two sessions of one target. */
class TaskManagementTest {

    private ProtocolHarness a;
    private ProtocolHarness b;

    @BeforeEach
    void twoSessions() {
        a = new ProtocolHarness();
        a.loginDefaults();
        b = new ProtocolHarness(a);
        b.login(0x400000000002L, "ImmediateData=No", "InitialR2T=Yes");
        assertEquals(2, a.context.sessions().size());
    }

    /** Starts a write in {@code h} that waits for its data (an R2T went out). */
    private static int pendingWrite(ProtocolHarness h) {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 64), 32768, false, true, true, h.nextCmdSN(), 1, null));
        assertEquals(Opcode.R2T, opcode(h.take().get(0)));
        return itt;
    }

    private static OutboundPdu tmf(ProtocolHarness h, int function, int lun) {
        h.receive(InitiatorPdus.taskManagement(h.nextItt(), function, lun, Bhs.RESERVED_TAG, h.peekCmdSN(), h.peekCmdSN(), 1));
        List<OutboundPdu> out = h.take();
        assertEquals(1, out.size());
        assertEquals(Opcode.TASK_MANAGEMENT_RESPONSE, opcode(out.get(0)));
        return out.get(0);
    }

    @Test
    void lunResetAbortsTheOtherSessionsTasksWithTaskAborted() {
        int own = pendingWrite(a);
        int theirs = pendingWrite(b);
        assertEquals(TargetPdus.TMF_COMPLETE, u8(tmf(a, TaskManagement.LOGICAL_UNIT_RESET, 0), 2));
        assertEquals(0, a.connection().activeTasks(), "the issuer's task is gone without a response");
        List<OutboundPdu> other = b.take();
        assertEquals(1, other.size());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(other.get(0)));
        assertEquals(theirs, u32(other.get(0), Bhs.INITIATOR_TASK_TAG));
        assertEquals(0x40, u8(other.get(0), 3), "TASK ABORTED");
        assertEquals(0, b.connection().activeTasks());
        assertTrue(own != 0);
    }

    @Test
    void abortTaskSetTouchesOnlyTheIssuer() {
        pendingWrite(a);
        pendingWrite(b);
        assertEquals(TargetPdus.TMF_COMPLETE, u8(tmf(a, TaskManagement.ABORT_TASK_SET, 0), 2));
        assertEquals(0, a.connection().activeTasks());
        assertEquals(1, b.connection().activeTasks());
        assertTrue(b.take().isEmpty());
    }

    @Test
    void aResetOfAnUnknownLunSaysSo() {
        assertEquals(TargetPdus.TMF_LUN_DOES_NOT_EXIST, u8(tmf(a, TaskManagement.LOGICAL_UNIT_RESET, 9), 2));
        assertEquals(TargetPdus.TMF_REASSIGNMENT_NOT_SUPPORTED, u8(tmf(a, TaskManagement.TASK_REASSIGN, 0), 2));
        assertEquals(TargetPdus.TMF_NOT_SUPPORTED, u8(tmf(a, TaskManagement.CLEAR_ACA, 0), 2));
    }

    @Test
    void targetColdResetEndsEverySessionOfTheTarget() {
        assertEquals(TargetPdus.TMF_COMPLETE, u8(tmf(a, TaskManagement.TARGET_COLD_RESET, 0), 2));
        assertTrue(a.channel.closedAfterFlush, "the issuer's connection closes once the response is out");
        assertTrue(b.channel.closedReason.startsWith("target cold reset"), b.channel.closedReason);
        assertEquals(1, a.context.sessions().size(), "only the issuer's session is left until its connection closes");
    }

    @Test
    void warmResetKeepsSessions() {
        pendingWrite(b);
        assertEquals(TargetPdus.TMF_COMPLETE, u8(tmf(a, TaskManagement.TARGET_WARM_RESET, 0), 2));
        assertEquals(0x40, u8(b.take().get(0), 3));
        assertNull(b.channel.closedReason);
        assertEquals(2, a.context.sessions().size());
    }
}
