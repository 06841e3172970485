package org.jtgt.testing;

import java.nio.ByteBuffer;
import java.util.List;
import org.jtgt.login.KeyValue;
import org.jtgt.login.TextKeys;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Lun;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;

/**
 * Builds the PDUs an initiator sends (RFC 7143 §11), for tests: the same {@link OutboundPdu}
 * and {@link org.jtgt.pdu.PduEncoder} the target uses, with initiator opcodes and fields.
 */
public final class InitiatorPdus {

    private InitiatorPdus() {
    }

    private static OutboundPdu create(int opcode, boolean immediate, int flags) {
        OutboundPdu pdu = OutboundPdu.create(opcode, flags, OutboundPdu.StatSn.NONE);
        if (immediate) {
            pdu.header().put(0, (byte) (opcode | Bhs.FLAG_IMMEDIATE));
        }
        return pdu;
    }

    /** A Login Request. */
    public static OutboundPdu login(boolean transit, boolean more, int csg, int nsg, long isid, int tsih, int itt, int cid, int cmdSN,
            int expStatSN, List<KeyValue> keys) {
        int flags = (transit ? 0x80 : 0) | (more ? 0x40 : 0) | (csg & 3) << 2 | (nsg & 3);
        OutboundPdu pdu = create(Opcode.LOGIN_REQUEST, true, flags);
        TargetPdus.putIsid(pdu.header(), isid);
        pdu.putU16(14, tsih).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU16(20, cid);
        pdu.putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
        return pdu.data(ByteBuffer.wrap(TextKeys.format(keys)));
    }

    /** A SCSI Command with a CDB of up to 16 bytes and optional immediate data. */
    public static OutboundPdu scsiCommand(int itt, int lun, byte[] cdb, int expectedLength, boolean read, boolean write, boolean fin,
            int cmdSN, int expStatSN, ByteBuffer immediateData) {
        int flags = (fin ? Bhs.FLAG_FINAL : 0) | (read ? Bhs.FLAG_READ : 0) | (write ? Bhs.FLAG_WRITE : 0) | 1;  // SIMPLE
        OutboundPdu pdu = create(Opcode.SCSI_COMMAND, false, flags);
        pdu.putU64(Bhs.LUN, Lun.encode(lun)).putU32(Bhs.INITIATOR_TASK_TAG, itt);
        pdu.putU32(Bhs.EXPECTED_DATA_TRANSFER_LENGTH, expectedLength).putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
        pdu.header().put(Bhs.CDB, cdb, 0, Math.min(cdb.length, Bhs.CDB_LENGTH));
        return pdu.data(immediateData);
    }

    /** A Data-Out; {@code ttt} is the reserved tag for unsolicited data. */
    public static OutboundPdu dataOut(int itt, int lun, int ttt, int dataSN, int offset, boolean fin, int expStatSN, ByteBuffer data) {
        OutboundPdu pdu = create(Opcode.DATA_OUT, false, fin ? Bhs.FLAG_FINAL : 0);
        pdu.putU64(Bhs.LUN, Lun.encode(lun)).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
        pdu.putU32(Bhs.EXP_STAT_SN, expStatSN).putU32(Bhs.DATA_SN, dataSN).putU32(Bhs.BUFFER_OFFSET, offset);
        return pdu.data(data);
    }

    /** A NOP-Out: a ping ({@code itt} set, reserved TTT) or the answer to a NOP-In ({@code itt} reserved). */
    public static OutboundPdu nopOut(int itt, int ttt, boolean immediate, int cmdSN, int expStatSN, ByteBuffer data) {
        OutboundPdu pdu = create(Opcode.NOP_OUT, immediate, Bhs.FLAG_FINAL);
        pdu.putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
        pdu.putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
        return pdu.data(data);
    }

    /** A Text Request. */
    public static OutboundPdu text(int itt, int ttt, boolean fin, boolean more, int cmdSN, int expStatSN, List<KeyValue> keys) {
        OutboundPdu pdu = create(Opcode.TEXT_REQUEST, false, (fin ? Bhs.FLAG_FINAL : 0) | (more ? Bhs.FLAG_CONTINUE : 0));
        pdu.putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
        pdu.putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
        return pdu.data(ByteBuffer.wrap(TextKeys.format(keys)));
    }

    /** A Logout Request with reason 0 (close the session) or 1 (close the connection). */
    public static OutboundPdu logout(int itt, int reason, int cid, boolean immediate, int cmdSN, int expStatSN) {
        OutboundPdu pdu = create(Opcode.LOGOUT_REQUEST, immediate, Bhs.FLAG_FINAL | reason);
        pdu.putU32(Bhs.INITIATOR_TASK_TAG, itt).putU16(20, cid);
        return pdu.putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
    }

    /** A Task Management Function Request. */
    public static OutboundPdu taskManagement(int itt, int function, int lun, int referencedTag, int refCmdSN, int cmdSN, int expStatSN) {
        OutboundPdu pdu = create(Opcode.TASK_MANAGEMENT_REQUEST, true, Bhs.FLAG_FINAL | function);
        pdu.putU64(Bhs.LUN, Lun.encode(lun)).putU32(Bhs.INITIATOR_TASK_TAG, itt);
        pdu.putU32(Bhs.REFERENCED_TASK_TAG, referencedTag).putU32(Bhs.CMD_SN, cmdSN).putU32(Bhs.EXP_STAT_SN, expStatSN);
        return pdu.putU32(Bhs.REF_CMD_SN, refCmdSN);
    }
}
