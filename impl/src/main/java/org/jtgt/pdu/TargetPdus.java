package org.jtgt.pdu;

import java.nio.ByteBuffer;
import org.jtgt.pdu.OutboundPdu.StatSn;

/**
 * Builds the headers of the PDUs a target sends (RFC 7143 §11): every field but StatSN,
 * ExpCmdSN and MaxCmdSN, which the connection stamps when it queues the PDU, and the data
 * segment length and digests, which {@link PduEncoder} sets. Stateless. The PDUs every command
 * sends (Data-In, R2T, SCSI Response) can come from the connection's {@link OutboundPduPool}.
 */
public final class TargetPdus {

    /** Reject reasons (RFC 7143 §11.17.1). */
    public static final int REJECT_DATA_DIGEST_ERROR = 0x02;
    public static final int REJECT_SNACK_REJECT = 0x03;
    public static final int REJECT_PROTOCOL_ERROR = 0x04;
    public static final int REJECT_COMMAND_NOT_SUPPORTED = 0x05;
    public static final int REJECT_IMMEDIATE_COMMAND = 0x06;
    public static final int REJECT_TASK_IN_PROGRESS = 0x07;
    public static final int REJECT_INVALID_PDU_FIELD = 0x09;
    public static final int REJECT_LONG_OPERATION = 0x0A;
    public static final int REJECT_WAITING_FOR_LOGOUT = 0x0C;

    /** Async event: the target requests a logout (RFC 7143 §11.9.1). */
    public static final int ASYNC_LOGOUT_REQUEST = 1;

    private TargetPdus() {
    }

    /** A Login Response; {@code transit}, stages and status as the negotiator decided. */
    public static OutboundPdu loginResponse(boolean transit, boolean more, int currentStage, int nextStage, long isid, int tsih,
            int itt, int statusClass, int statusDetail) {
        int flags = (transit ? Bhs.FLAG_TRANSIT : 0) | (more ? Bhs.FLAG_CONTINUE : 0) | (currentStage & 3) << 2
                | (transit ? nextStage & 3 : 0);
        OutboundPdu pdu = OutboundPdu.create(Opcode.LOGIN_RESPONSE, flags, StatSn.ADVANCE);
        ByteBuffer h = pdu.header();
        h.put(2, (byte) 0);       // Version-max
        h.put(3, (byte) 0);       // Version-active
        putIsid(h, isid);
        Bhs.putU16(h, 14, tsih);
        Bhs.putU32(h, Bhs.INITIATOR_TASK_TAG, itt);
        h.put(36, (byte) statusClass);
        h.put(37, (byte) statusDetail);
        return pdu;
    }

    /** A Text Response; {@code ttt} is the reserved tag on the final one. */
    public static OutboundPdu textResponse(boolean fin, boolean more, long lunField, int itt, int ttt) {
        OutboundPdu pdu = OutboundPdu.create(Opcode.TEXT_RESPONSE, (fin ? Bhs.FLAG_FINAL : 0) | (more ? Bhs.FLAG_CONTINUE : 0),
                StatSn.ADVANCE);
        return pdu.putU64(Bhs.LUN, lunField).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
    }

    /**
     * A NOP-In: the answer to a NOP-Out ({@code itt} echoed, reserved TTT, StatSN advances) or a
     * ping of the target's own (reserved ITT, a TTT to be echoed, StatSN does not advance).
     */
    public static OutboundPdu nopIn(int itt, int ttt, long lunField) {
        StatSn use = itt == Bhs.RESERVED_TAG ? StatSn.CURRENT : StatSn.ADVANCE;
        OutboundPdu pdu = OutboundPdu.create(Opcode.NOP_IN, Bhs.FLAG_FINAL, use);
        return pdu.putU64(Bhs.LUN, lunField).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
    }

    /** Logout Response codes (RFC 7143 §11.15.1). */
    public static final int LOGOUT_SUCCESS = 0;
    public static final int LOGOUT_CID_NOT_FOUND = 1;
    public static final int LOGOUT_RECOVERY_NOT_SUPPORTED = 2;

    public static OutboundPdu logoutResponse(int response, int itt, int time2Wait, int time2Retain) {
        OutboundPdu pdu = OutboundPdu.create(Opcode.LOGOUT_RESPONSE, Bhs.FLAG_FINAL, StatSn.ADVANCE);
        pdu.putU8(2, response).putU32(Bhs.INITIATOR_TASK_TAG, itt);
        return pdu.putU16(40, time2Wait).putU16(42, time2Retain);
    }

    /** A Reject carrying a copy of the rejected PDU's header as its data. */
    public static OutboundPdu reject(int reason, ByteBuffer rejectedHeader) {
        OutboundPdu pdu = OutboundPdu.create(Opcode.REJECT, Bhs.FLAG_FINAL, StatSn.ADVANCE);
        pdu.putU8(2, reason).putU32(Bhs.INITIATOR_TASK_TAG, Bhs.RESERVED_TAG);
        ByteBuffer copy = ByteBuffer.allocate(Bhs.LENGTH);
        copy.put(0, rejectedHeader, 0, Bhs.LENGTH);
        return pdu.data(copy);
    }

    /** Task management responses (RFC 7143 §11.6.1). */
    public static final int TMF_COMPLETE = 0;
    public static final int TMF_TASK_DOES_NOT_EXIST = 1;
    public static final int TMF_LUN_DOES_NOT_EXIST = 2;
    public static final int TMF_TASK_STILL_ALLEGIANT = 3;
    public static final int TMF_REASSIGNMENT_NOT_SUPPORTED = 4;
    public static final int TMF_NOT_SUPPORTED = 5;
    public static final int TMF_AUTHORIZATION_FAILED = 6;
    public static final int TMF_REJECTED = 255;

    public static OutboundPdu taskManagementResponse(int response, int itt) {
        OutboundPdu pdu = OutboundPdu.create(Opcode.TASK_MANAGEMENT_RESPONSE, Bhs.FLAG_FINAL, StatSn.ADVANCE);
        return pdu.putU8(2, response).putU32(Bhs.INITIATOR_TASK_TAG, itt);
    }

    /** An Asynchronous Message; for a logout request, {@code parameter3} is the time to logout. */
    public static OutboundPdu asyncMessage(int event, long lunField, int parameter1, int parameter2, int parameter3) {
        OutboundPdu pdu = OutboundPdu.create(Opcode.ASYNC_MESSAGE, Bhs.FLAG_FINAL, StatSn.ADVANCE);
        pdu.putU64(Bhs.LUN, lunField).putU32(Bhs.INITIATOR_TASK_TAG, Bhs.RESERVED_TAG).putU8(36, event);
        return pdu.putU16(38, parameter1).putU16(40, parameter2).putU16(42, parameter3);
    }

    /** An R2T asking for {@code length} bytes at {@code offset}. */
    public static OutboundPdu r2t(long lunField, int itt, int ttt, int r2tSN, int offset, int length) {
        return r2t(null, lunField, itt, ttt, r2tSN, offset, length);
    }

    /** An R2T from {@code pool} ({@code null}: a new PDU). */
    public static OutboundPdu r2t(OutboundPduPool pool, long lunField, int itt, int ttt, int r2tSN, int offset, int length) {
        OutboundPdu pdu = create(pool, Opcode.R2T, Bhs.FLAG_FINAL, StatSn.CURRENT);
        pdu.putU64(Bhs.LUN, lunField).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, ttt);
        return pdu.putU32(Bhs.DATA_SN, r2tSN).putU32(Bhs.BUFFER_OFFSET, offset).putU32(Bhs.DESIRED_DATA_TRANSFER_LENGTH, length);
    }

    /**
     * A Data-In PDU. With {@code status >= 0} it carries the command's status (S bit, phase
     * collapse) and residual; then it must be the last of the command.
     *
     * @param fin the F bit: last PDU of a sequence (MaxBurstLength) or of the command
     * @param status the SCSI status for the S bit, or -1 for none
     * @param residualFlags {@link Bhs#FLAG_OVERFLOW} or {@link Bhs#FLAG_UNDERFLOW} with a status
     */
    public static OutboundPdu dataIn(long lunField, int itt, int dataSN, int offset, boolean fin, int status, int residualFlags,
            int residualCount) {
        return dataIn(null, lunField, itt, dataSN, offset, fin, status, residualFlags, residualCount);
    }

    /** A Data-In PDU from {@code pool} ({@code null}: a new PDU). */
    public static OutboundPdu dataIn(OutboundPduPool pool, long lunField, int itt, int dataSN, int offset, boolean fin, int status,
            int residualFlags, int residualCount) {
        boolean withStatus = status >= 0;
        int flags = (fin || withStatus ? Bhs.FLAG_FINAL : 0) | (withStatus ? Bhs.FLAG_STATUS | residualFlags : 0);
        OutboundPdu pdu = create(pool, Opcode.DATA_IN, flags, withStatus ? StatSn.ADVANCE : StatSn.NONE);
        pdu.putU64(Bhs.LUN, lunField).putU32(Bhs.INITIATOR_TASK_TAG, itt).putU32(Bhs.TARGET_TRANSFER_TAG, Bhs.RESERVED_TAG);
        pdu.putU32(Bhs.DATA_SN, dataSN).putU32(Bhs.BUFFER_OFFSET, offset);
        if (withStatus) {
            pdu.putU8(3, status).putU32(Bhs.RESIDUAL_COUNT, residualCount);
        }
        return pdu;
    }

    /**
     * A SCSI Response.
     *
     * @param response 0 (command completed at target) or 1 (target failure)
     * @param expDataSN the number of Data-In and R2T PDUs sent for the command
     * @param senseData sense data without its length prefix, or {@code null}
     */
    public static OutboundPdu scsiResponse(int itt, int response, int status, int residualFlags, int residualCount, int expDataSN,
            byte[] senseData) {
        return scsiResponse(null, itt, response, status, residualFlags, residualCount, expDataSN, senseData);
    }

    /** A SCSI Response from {@code pool} ({@code null}: a new PDU). */
    public static OutboundPdu scsiResponse(OutboundPduPool pool, int itt, int response, int status, int residualFlags, int residualCount,
            int expDataSN, byte[] senseData) {
        OutboundPdu pdu = create(pool, Opcode.SCSI_RESPONSE, Bhs.FLAG_FINAL | residualFlags, StatSn.ADVANCE);
        pdu.putU8(2, response).putU8(3, status).putU32(Bhs.INITIATOR_TASK_TAG, itt);
        pdu.putU32(Bhs.DATA_SN, expDataSN).putU32(Bhs.RESIDUAL_COUNT, residualCount);
        if (senseData != null && senseData.length > 0) {
            ByteBuffer data = ByteBuffer.allocate(2 + senseData.length);
            data.putShort(0, (short) senseData.length);
            data.put(2, senseData);
            pdu.data(data);
        }
        return pdu;
    }

    private static OutboundPdu create(OutboundPduPool pool, int opcode, int flags, StatSn statSn) {
        return pool == null ? OutboundPdu.create(opcode, flags, statSn) : pool.take(opcode, flags, statSn);
    }

    /** Writes a 48-bit ISID at bytes 8..13. */
    public static void putIsid(ByteBuffer header, long isid) {
        for (int i = 0; i < 6; i++) {
            header.put(8 + i, (byte) (isid >>> (40 - 8 * i)));
        }
    }

    /** Reads the 48-bit ISID at bytes 8..13. */
    public static long isid(ByteBuffer header) {
        long v = 0;
        for (int i = 0; i < 6; i++) {
            v = v << 8 | (header.get(8 + i) & 0xFF);
        }
        return v;
    }
}
