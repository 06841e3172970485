package org.jtgt.iscsi;

import static org.jtgt.testing.ProtocolHarness.data;
import static org.jtgt.testing.ProtocolHarness.keys;
import static org.jtgt.testing.ProtocolHarness.opcode;
import static org.jtgt.testing.ProtocolHarness.u32;
import static org.jtgt.testing.ProtocolHarness.u8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Random;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.ProtocolHarness;
import org.jtgt.testing.TestCdbs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One connection's protocol behaviour in full feature phase, without sockets. */
class IscsiConnectionTest {

    private ProtocolHarness h;

    @BeforeEach
    void login() {
        h = new ProtocolHarness();
        OutboundPdu reply = h.loginDefaults();
        assertEquals(Opcode.LOGIN_RESPONSE, opcode(reply));
        assertEquals(0, u8(reply, 36), "status class");
        assertEquals(0x80 | 1 << 2 | 3, u8(reply, 1), "T, CSG=1, NSG=3");
        assertTrue(h.connection().fullFeature());
        assertNotNull(h.connection().session());
        assertTrue(Bhs.u16(reply.header(), 14) != 0, "a TSIH is assigned");
        h.clearUnitAttentions();
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void readIsSplitIntoDataInBySegmentAndBurst() throws Exception {
        byte[] content = random(40 * 1024, 1);
        h.store.write(0, ByteBuffer.wrap(content));
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.read10(0, 80), 40 * 1024, true, false, true, h.nextCmdSN(), 1, null));
        List<OutboundPdu> out = h.take();
        // MaxRecvDataSegmentLength 8192 and MaxBurstLength 16384: five PDUs, F at 16K, 32K and the end
        assertEquals(5, out.size());
        ByteBuffer got = ByteBuffer.allocate(40 * 1024);
        for (int i = 0; i < 5; i++) {
            OutboundPdu pdu = out.get(i);
            assertEquals(Opcode.DATA_IN, opcode(pdu));
            assertEquals(itt, u32(pdu, Bhs.INITIATOR_TASK_TAG));
            assertEquals(i, u32(pdu, Bhs.DATA_SN));
            assertEquals(i * 8192, u32(pdu, Bhs.BUFFER_OFFSET));
            boolean fin = (u8(pdu, 1) & Bhs.FLAG_FINAL) != 0;
            assertEquals(i == 1 || i == 3 || i == 4, fin, "F bit of PDU " + i);
            assertEquals(i == 4, (u8(pdu, 1) & Bhs.FLAG_STATUS) != 0, "status only in the last");
            got.put(data(pdu));
        }
        assertEquals(0, u8(out.get(4), 3), "GOOD");
        assertArrayEquals(content, got.array());
    }

    @Test
    void writeWithImmediateUnsolicitedAndSolicitedData() throws Exception {
        byte[] content = random(48 * 1024, 2);
        int itt = h.nextItt();
        int length = content.length;
        // 4 KiB immediate data, F=0: unsolicited Data-Out up to FirstBurstLength (8 KiB) follows
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(100, length / 512), length, false, true, false, h.nextCmdSN(), 1,
                ByteBuffer.wrap(content, 0, 4096)));
        List<OutboundPdu> r2ts = h.take();
        assertEquals(2, r2ts.size(), "MaxOutstandingR2T=2 R2Ts at once");
        assertEquals(Opcode.R2T, opcode(r2ts.get(0)));
        assertEquals(8192, u32(r2ts.get(0), Bhs.BUFFER_OFFSET));
        assertEquals(16384, u32(r2ts.get(0), Bhs.DESIRED_DATA_TRANSFER_LENGTH));
        assertEquals(0, u32(r2ts.get(0), Bhs.DATA_SN), "R2TSN");
        assertEquals(24576, u32(r2ts.get(1), Bhs.BUFFER_OFFSET));
        assertEquals(1, u32(r2ts.get(1), Bhs.DATA_SN));

        h.receive(InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 0, 4096, true, 1, ByteBuffer.wrap(content, 4096, 4096)));
        assertTrue(h.take().isEmpty());
        for (OutboundPdu r2t : r2ts) {
            answer(itt, content, r2t);
        }
        List<OutboundPdu> third = h.take();
        assertEquals(1, third.size(), "the last burst is asked for once one finished");
        assertEquals(40960, u32(third.get(0), Bhs.BUFFER_OFFSET));
        assertEquals(8192, u32(third.get(0), Bhs.DESIRED_DATA_TRANSFER_LENGTH));
        answer(itt, content, third.get(0));
        List<OutboundPdu> response = h.take();
        assertEquals(1, response.size());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(response.get(0)));
        assertEquals(0, u8(response.get(0), 3));
        assertEquals(0, u8(response.get(0), 1) & (Bhs.FLAG_OVERFLOW | Bhs.FLAG_UNDERFLOW));
        byte[] stored = new byte[length];
        h.store.read(100 * 512, ByteBuffer.wrap(stored));
        assertArrayEquals(content, stored);
    }

    /** Sends the Data-Out PDUs an R2T asks for, 8 KiB each. */
    private void answer(int itt, byte[] content, OutboundPdu r2t) {
        int ttt = u32(r2t, Bhs.TARGET_TRANSFER_TAG);
        int offset = u32(r2t, Bhs.BUFFER_OFFSET);
        int length = u32(r2t, Bhs.DESIRED_DATA_TRANSFER_LENGTH);
        int dataSN = 0;
        for (int at = offset; at < offset + length; at += 8192) {
            int n = Math.min(8192, offset + length - at);
            h.receive(InitiatorPdus.dataOut(itt, 0, ttt, dataSN++, at, at + n == offset + length, 1, ByteBuffer.wrap(content, at, n)));
        }
    }

    @Test
    void aCommandOutsideTheWindowIsIgnoredSilently() {
        int exp = h.peekCmdSN();
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 0, false, false, true, exp + 1000, 1, null));
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 0, false, false, true, exp - 1, 1, null));
        assertTrue(h.take().isEmpty(), "no answer, no disconnect");
        assertNull(h.channel.closedReason);
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        List<OutboundPdu> out = h.take();
        assertEquals(1, out.size());
        assertEquals(exp + 1, u32(out.get(0), Bhs.EXP_CMD_SN), "ExpCmdSN moved only for the command in the window");
    }

    @Test
    void maxCmdSNAdvancesAsCommandsFinish() {
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        OutboundPdu r = h.take().get(0);
        int expCmdSN = u32(r, Bhs.EXP_CMD_SN);
        int maxCmdSN = u32(r, Bhs.MAX_CMD_SN);
        assertEquals(h.context.settings().commandWindow() - 1, maxCmdSN - expCmdSN, "the full window is open again");
    }

    @Test
    void readResidualsFollowRfc7143() {
        // READ10 of 1 block (512 bytes) with EDTL 200: 200 bytes, overflow 312
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.read10(0, 1), 200, true, false, true, h.nextCmdSN(), 1, null));
        OutboundPdu last = h.take().get(0);
        assertEquals(200, data(last).length);
        assertEquals(Bhs.FLAG_OVERFLOW, u8(last, 1) & (Bhs.FLAG_OVERFLOW | Bhs.FLAG_UNDERFLOW));
        assertEquals(312, u32(last, Bhs.RESIDUAL_COUNT));
        // EDTL 10000: 512 bytes, underflow 9488
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.read10(0, 1), 10000, true, false, true, h.nextCmdSN(), 1, null));
        last = h.take().get(0);
        assertEquals(512, data(last).length);
        assertEquals(Bhs.FLAG_UNDERFLOW, u8(last, 1) & (Bhs.FLAG_OVERFLOW | Bhs.FLAG_UNDERFLOW));
        assertEquals(9488, u32(last, Bhs.RESIDUAL_COUNT));
        // EDTL 0: no data, a SCSI Response with overflow 512
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.read10(0, 1), 0, false, false, true, h.nextCmdSN(), 1, null));
        last = h.take().get(0);
        assertEquals(Opcode.SCSI_RESPONSE, opcode(last));
        assertEquals(Bhs.FLAG_OVERFLOW, u8(last, 1) & (Bhs.FLAG_OVERFLOW | Bhs.FLAG_UNDERFLOW));
        assertEquals(512, u32(last, Bhs.RESIDUAL_COUNT));
    }

    @Test
    void aWriteShorterThanItsCdbWritesOnlyWhatCame() throws Exception {
        byte[] a = new byte[1024];
        java.util.Arrays.fill(a, (byte) 'a');
        h.store.write(0, ByteBuffer.wrap(a));
        byte[] b = new byte[512];
        java.util.Arrays.fill(b, (byte) 'b');
        // WRITE10 of 2 blocks, EDTL one block
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.write10(0, 2), 512, false, true, true, h.nextCmdSN(), 1,
                ByteBuffer.wrap(b)));
        OutboundPdu r = h.take().get(0);
        assertEquals(0, u8(r, 3), "GOOD");
        assertEquals(Bhs.FLAG_OVERFLOW, u8(r, 1) & (Bhs.FLAG_OVERFLOW | Bhs.FLAG_UNDERFLOW));
        assertEquals(512, u32(r, Bhs.RESIDUAL_COUNT));
        byte[] stored = new byte[1024];
        h.store.read(0, ByteBuffer.wrap(stored));
        assertEquals('b', stored[511]);
        assertEquals('a', stored[512], "the second block is untouched");
    }

    @Test
    void aBadDataSnFailsTheWrite() {
        int itt = h.nextItt();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 2), 1024, false, true, false, h.nextCmdSN(), 1, null));
        h.take();
        h.receive(InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 27, 0, false, 1, ByteBuffer.allocate(512)));
        List<OutboundPdu> out = h.take();
        assertEquals(1, out.size());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(out.get(0)));
        assertEquals(2, u8(out.get(0), 3), "CHECK CONDITION");
        // the rest of its data is dropped quietly, the connection stays
        h.receive(InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 1, 512, true, 1, ByteBuffer.allocate(512)));
        assertTrue(h.take().isEmpty());
        assertNull(h.channel.closedReason);
    }

    @Test
    void nopOutIsEchoedAndConsumesNoCmdSNWhenImmediate() {
        h.receive(InitiatorPdus.nopOut(0x77, Bhs.RESERVED_TAG, true, h.peekCmdSN(), 1, ByteBuffer.wrap("ping".getBytes())));
        OutboundPdu nopIn = h.take().get(0);
        assertEquals(Opcode.NOP_IN, opcode(nopIn));
        assertEquals(0x77, u32(nopIn, Bhs.INITIATOR_TASK_TAG));
        assertEquals(Bhs.RESERVED_TAG, u32(nopIn, Bhs.TARGET_TRANSFER_TAG));
        assertArrayEquals("ping".getBytes(), data(nopIn));
        assertEquals(h.peekCmdSN(), u32(nopIn, Bhs.EXP_CMD_SN));
    }

    @Test
    void statSnAdvancesOnlyWithStatus() {
        h.receive(InitiatorPdus.nopOut(1, Bhs.RESERVED_TAG, true, h.peekCmdSN(), 1, null));
        int first = u32(h.take().get(0), Bhs.STAT_SN);
        h.receive(InitiatorPdus.nopOut(2, Bhs.RESERVED_TAG, true, h.peekCmdSN(), 1, null));
        assertEquals(first + 1, u32(h.take().get(0), Bhs.STAT_SN));
    }

    @Test
    void pingsAnIdlePeerAndClosesWhenItDoesNotAnswer() {
        ProtocolHarness quick = new ProtocolHarness(org.jtgt.login.NegotiationSettings.defaults(),
                new EngineContext.ConnectionTimers(100, 200, 30_000));
        quick.loginDefaults();
        long now = System.nanoTime();
        quick.connection().tick(now + 150_000_000L);
        List<OutboundPdu> out = quick.take();
        assertEquals(1, out.size());
        assertEquals(Opcode.NOP_IN, opcode(out.get(0)));
        assertEquals(Bhs.RESERVED_TAG, u32(out.get(0), Bhs.INITIATOR_TASK_TAG));
        int ttt = u32(out.get(0), Bhs.TARGET_TRANSFER_TAG);
        assertTrue(ttt != Bhs.RESERVED_TAG);
        // answered: stays open
        quick.receive(InitiatorPdus.nopOut(Bhs.RESERVED_TAG, ttt, true, quick.peekCmdSN(), 1, null));
        quick.connection().tick(System.nanoTime() + 150_000_000L);
        assertNull(quick.channel.closedReason);
        // next ping unanswered: closed once the timeout has passed
        quick.take();
        quick.connection().tick(System.nanoTime() + 1_000_000_000L);
        assertEquals("NOP-In timeout", quick.channel.closedReason);
    }

    @Test
    void logoutIsAnsweredAndClosesAfterFlush() {
        h.receive(InitiatorPdus.logout(0x99, 0, 1, true, h.peekCmdSN(), 1));
        OutboundPdu r = h.take().get(0);
        assertEquals(Opcode.LOGOUT_RESPONSE, opcode(r));
        assertEquals(0, u8(r, 2));
        assertEquals(0x99, u32(r, Bhs.INITIATOR_TASK_TAG));
        assertTrue(h.channel.closedAfterFlush);
    }

    @Test
    void logoutForAnotherConnectionIdIsRefused() {
        h.receive(InitiatorPdus.logout(0x99, 1, 7, true, h.peekCmdSN(), 1));
        assertEquals(TargetPdus.LOGOUT_CID_NOT_FOUND, u8(h.take().get(0), 2));
        assertFalse(h.channel.closedAfterFlush);
    }

    @Test
    void reportLunsAndUnmappedLuns() {
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 3, TestCdbs.reportLuns(256), 256, true, false, true, h.nextCmdSN(), 1, null));
        byte[] luns = data(h.take().get(0));
        assertEquals(16, luns.length);
        assertEquals(8, ByteBuffer.wrap(luns).getInt(0), "one LUN");
        assertEquals(0L, ByteBuffer.wrap(luns).getLong(8));

        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 3, TestCdbs.inquiry(96), 96, true, false, true, h.nextCmdSN(), 1, null));
        assertEquals(0x7F, data(h.take().get(0))[0] & 0xFF, "qualifier 011b: no logical unit here");

        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 3, TestCdbs.testUnitReady(), 0, false, false, true, h.nextCmdSN(), 1, null));
        OutboundPdu r = h.take().get(0);
        assertEquals(2, u8(r, 3));
        byte[] sense = data(r);
        assertEquals(0x05, sense[2 + 2] & 0x0F, "ILLEGAL REQUEST");
        assertEquals(0x25, sense[2 + 12] & 0xFF, "LOGICAL UNIT NOT SUPPORTED");
    }

    @Test
    void abortOfAFinishedTaskSaysItDoesNotExist() {
        int itt = h.nextItt();
        int cmdSN = h.nextCmdSN();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.testUnitReady(), 0, false, false, true, cmdSN, 1, null));
        h.take();
        h.receive(InitiatorPdus.taskManagement(h.nextItt(), 1, 0, itt, cmdSN, h.peekCmdSN(), 1));
        OutboundPdu r = h.take().get(0);
        assertEquals(Opcode.TASK_MANAGEMENT_RESPONSE, opcode(r));
        assertEquals(TargetPdus.TMF_TASK_DOES_NOT_EXIST, u8(r, 2));
    }

    @Test
    void abortOfAWriteWaitingForDataEndsItWithoutAResponse() {
        int itt = h.nextItt();
        int cmdSN = h.nextCmdSN();
        h.receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 64), 32768, false, true, true, cmdSN, 1, null));
        assertEquals(Opcode.R2T, opcode(h.take().get(0)));
        assertEquals(1, h.connection().activeTasks());
        h.receive(InitiatorPdus.taskManagement(h.nextItt(), 1, 0, itt, cmdSN, h.peekCmdSN(), 1));
        List<OutboundPdu> out = h.take();
        assertEquals(1, out.size(), "only the TMF response");
        assertEquals(TargetPdus.TMF_COMPLETE, u8(out.get(0), 2));
        assertEquals(0, h.connection().activeTasks());
    }

    @Test
    void sendTargetsInANormalSessionNamesItsTarget() {
        h.receive(InitiatorPdus.text(h.nextItt(), Bhs.RESERVED_TAG, true, false, h.nextCmdSN(), 1,
                List.of(new org.jtgt.login.KeyValue("SendTargets", "All"))));
        OutboundPdu r = h.take().get(0);
        assertEquals(Opcode.TEXT_RESPONSE, opcode(r));
        assertEquals(ProtocolHarness.TARGET, keys(r).get("TargetName"));
        assertEquals("127.0.0.1:3260,1", keys(r).get("TargetAddress"));
    }

    @Test
    void aSecondLoginOfTheSameNexusReplacesTheSession() {
        IscsiSession first = h.connection().session();
        ProtocolHarness second = new ProtocolHarness(h);
        second.loginDefaults();
        assertNotNull(second.connection().session());
        assertTrue(second.connection().session() != first);
        assertEquals("reinstated by a new login of the same I_T nexus", h.channel.closedReason);
        assertEquals(1, h.context.sessions().size());
    }

    @Test
    void anUnknownOpcodeIsRejected() {
        OutboundPdu odd = OutboundPdu.create(0x1C, Bhs.FLAG_FINAL, OutboundPdu.StatSn.NONE);
        h.receive(odd);
        OutboundPdu r = h.take().get(0);
        assertEquals(Opcode.REJECT, opcode(r));
        assertEquals(TargetPdus.REJECT_COMMAND_NOT_SUPPORTED, u8(r, 2));
        assertEquals(0x1C, data(r)[0], "the rejected header comes back");
    }
}
