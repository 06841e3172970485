package org.jtgt.pdu;

import java.nio.ByteBuffer;

/**
 * An inbound PDU as {@link PduDecoder} framed it: the 48-byte header, the additional header
 * segments and the data segment (without padding or digests).
 *
 * <p>A {@code Pdu} is a view that the decoder reuses: it is valid until the next call to
 * {@link PduDecoder#decode}. Whoever keeps something must copy it (or own the data buffer it
 * supplied through {@link PduDecoder.DataSegmentAllocator}). Owned by the connection's thread.
 */
public final class Pdu {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    final ByteBuffer header;
    ByteBuffer ahs = EMPTY;
    ByteBuffer data = EMPTY;
    boolean dataDigestValid = true;

    Pdu(ByteBuffer header) {
        this.header = header;
    }

    /** A PDU over a header (48 bytes, position 0) and a data segment, for tests and tools. */
    public static Pdu of(ByteBuffer header, ByteBuffer data) {
        Pdu pdu = new Pdu(header);
        pdu.data = data == null ? EMPTY : data;
        return pdu;
    }

    /** The Basic Header Segment: 48 bytes, position 0; read it with {@link Bhs}. */
    public ByteBuffer header() {
        return header;
    }

    /** The additional header segments (possibly empty), position 0. */
    public ByteBuffer ahs() {
        return ahs;
    }

    /** The data segment without padding (possibly empty), from position to limit. */
    public ByteBuffer data() {
        return data;
    }

    /** False if data digests are on and the data digest did not match. */
    public boolean dataDigestValid() {
        return dataDigestValid;
    }

    public int opcode() {
        return Bhs.opcode(header);
    }

    public boolean immediate() {
        return Bhs.immediate(header);
    }

    public int flags() {
        return Bhs.flags(header);
    }

    public boolean hasFlag(int flag) {
        return Bhs.hasFlag(header, flag);
    }

    public int initiatorTaskTag() {
        return Bhs.u32(header, Bhs.INITIATOR_TASK_TAG);
    }

    public int cmdSN() {
        return Bhs.u32(header, Bhs.CMD_SN);
    }

    public int expStatSN() {
        return Bhs.u32(header, Bhs.EXP_STAT_SN);
    }

    public long lunField() {
        return Bhs.u64(header, Bhs.LUN);
    }

    public int dataSegmentLength() {
        return Bhs.dataSegmentLength(header);
    }

    public int u8(int offset) {
        return Bhs.u8(header, offset);
    }

    public int u16(int offset) {
        return Bhs.u16(header, offset);
    }

    public int u32(int offset) {
        return Bhs.u32(header, offset);
    }

    @Override
    public String toString() {
        return Opcode.name(opcode()) + " itt=" + Integer.toHexString(initiatorTaskTag()) + " dsl=" + dataSegmentLength();
    }
}
