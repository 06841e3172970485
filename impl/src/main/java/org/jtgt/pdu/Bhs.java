package org.jtgt.pdu;

import java.nio.ByteBuffer;

/**
 * Field access to a Basic Header Segment (RFC 7143 §11.2): 48 bytes, big-endian, read and
 * written with absolute indexes so that the buffer's position and limit never move. The offsets
 * named here are those the target uses; opcode-specific meanings are documented at each
 * constant. Stateless; safe from any thread for buffers that thread owns.
 */
public final class Bhs {

    /** Length of the Basic Header Segment. */
    public static final int LENGTH = 48;
    /** Length of a header or data digest. */
    public static final int DIGEST_LENGTH = 4;
    /** The reserved tag value: "no task" / "no target transfer". */
    public static final int RESERVED_TAG = 0xFFFFFFFF;

    /** Byte 1 bit 7: Final (F). */
    public static final int FLAG_FINAL = 0x80;
    /** Byte 1 bit 6: Continue (C) on Login and Text PDUs. */
    public static final int FLAG_CONTINUE = 0x40;
    /** Byte 1 bit 7 on Login PDUs: Transit (T). */
    public static final int FLAG_TRANSIT = 0x80;
    /** Byte 1 bit 6 on SCSI Command: Read (R). */
    public static final int FLAG_READ = 0x40;
    /** Byte 1 bit 5 on SCSI Command: Write (W). */
    public static final int FLAG_WRITE = 0x20;
    /** Byte 1 bit 0 on Data-In: Status (S). */
    public static final int FLAG_STATUS = 0x01;
    /** Byte 1 on Data-In and SCSI Response: residual Underflow (U). */
    public static final int FLAG_UNDERFLOW = 0x02;
    /** Byte 1 on Data-In and SCSI Response: residual Overflow (O). */
    public static final int FLAG_OVERFLOW = 0x04;
    /** Byte 0 bit 6: Immediate delivery (I). */
    public static final int FLAG_IMMEDIATE = 0x40;

    // offsets shared by most PDUs
    public static final int LUN = 8;
    public static final int INITIATOR_TASK_TAG = 16;
    /** Target Transfer Tag (Data-Out, R2T, Data-In, NOP, Text). */
    public static final int TARGET_TRANSFER_TAG = 20;
    /** Expected Data Transfer Length (SCSI Command). */
    public static final int EXPECTED_DATA_TRANSFER_LENGTH = 20;
    /** CmdSN in initiator PDUs. */
    public static final int CMD_SN = 24;
    /** ExpStatSN in initiator PDUs. */
    public static final int EXP_STAT_SN = 28;
    /** StatSN in target PDUs. */
    public static final int STAT_SN = 24;
    /** ExpCmdSN in target PDUs. */
    public static final int EXP_CMD_SN = 28;
    /** MaxCmdSN in target PDUs. */
    public static final int MAX_CMD_SN = 32;
    /** The CDB of a SCSI Command (16 bytes). */
    public static final int CDB = 32;
    public static final int CDB_LENGTH = 16;
    /** DataSN (Data-In, Data-Out), R2TSN (R2T), ExpDataSN (SCSI Response). */
    public static final int DATA_SN = 36;
    /** Buffer Offset (Data-In, Data-Out, R2T). */
    public static final int BUFFER_OFFSET = 40;
    /** Desired Data Transfer Length (R2T). */
    public static final int DESIRED_DATA_TRANSFER_LENGTH = 44;
    /** Residual Count (SCSI Response, Data-In with S). */
    public static final int RESIDUAL_COUNT = 44;
    /** Referenced Task Tag (Task Management Request). */
    public static final int REFERENCED_TASK_TAG = 20;
    /** RefCmdSN (Task Management Request). */
    public static final int REF_CMD_SN = 32;

    private Bhs() {
    }

    public static int opcode(ByteBuffer bhs) {
        return bhs.get(0) & 0x3F;
    }

    public static boolean immediate(ByteBuffer bhs) {
        return (bhs.get(0) & FLAG_IMMEDIATE) != 0;
    }

    /** Byte 1: the final flag and opcode-specific flags. */
    public static int flags(ByteBuffer bhs) {
        return bhs.get(1) & 0xFF;
    }

    public static boolean hasFlag(ByteBuffer bhs, int flag) {
        return (bhs.get(1) & flag) != 0;
    }

    /** TotalAHSLength in bytes (the field counts 4-byte words). */
    public static int totalAhsLength(ByteBuffer bhs) {
        return (bhs.get(4) & 0xFF) * 4;
    }

    public static int dataSegmentLength(ByteBuffer bhs) {
        return (bhs.get(5) & 0xFF) << 16 | (bhs.get(6) & 0xFF) << 8 | bhs.get(7) & 0xFF;
    }

    public static void setDataSegmentLength(ByteBuffer bhs, int length) {
        if (length < 0 || length > 0xFFFFFF) {
            throw new IllegalArgumentException("data segment length " + length);
        }
        bhs.put(5, (byte) (length >>> 16));
        bhs.put(6, (byte) (length >>> 8));
        bhs.put(7, (byte) length);
    }

    public static int u8(ByteBuffer bhs, int offset) {
        return bhs.get(offset) & 0xFF;
    }

    public static int u16(ByteBuffer bhs, int offset) {
        return bhs.getShort(offset) & 0xFFFF;
    }

    /** A 32-bit field; sequence numbers and tags are compared with serial arithmetic, not as ints. */
    public static int u32(ByteBuffer bhs, int offset) {
        return bhs.getInt(offset);
    }

    public static long u64(ByteBuffer bhs, int offset) {
        return bhs.getLong(offset);
    }

    public static void putU8(ByteBuffer bhs, int offset, int value) {
        bhs.put(offset, (byte) value);
    }

    public static void putU16(ByteBuffer bhs, int offset, int value) {
        bhs.putShort(offset, (short) value);
    }

    public static void putU32(ByteBuffer bhs, int offset, int value) {
        bhs.putInt(offset, value);
    }

    public static void putU64(ByteBuffer bhs, int offset, long value) {
        bhs.putLong(offset, value);
    }

    /** Renders the header as hex for diagnostics. */
    public static String toHex(ByteBuffer bhs) {
        StringBuilder sb = new StringBuilder(LENGTH * 3);
        for (int i = 0; i < Math.min(LENGTH, bhs.limit()); i++) {
            sb.append(String.format("%02x", bhs.get(i) & 0xFF));
            if (i % 4 == 3 && i + 1 < LENGTH) {
                sb.append(' ');
            }
        }
        return sb.toString();
    }
}
