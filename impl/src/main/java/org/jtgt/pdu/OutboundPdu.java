package org.jtgt.pdu;

import java.nio.ByteBuffer;

/**
 * A target PDU on its way out: a 48-byte header (plus room for its digest), an optional data
 * segment and a trailer for padding and data digest. The protocol layer fills the header
 * fields; {@link PduEncoder#seal} sets the data segment length, padding and digests; the
 * transport writes {@link #header()}, {@link #data()} and {@link #trailer()} with one gathering
 * write and runs {@link #whenDone()} once every byte has left, or once the PDU is dropped
 * because the connection closed.
 *
 * <p>Owned by one thread at a time: the connection's owner. The data buffer is a view the PDU
 * does not own; whoever supplied it learns through {@link #whenDone()} that it is no longer
 * needed.
 *
 * <h2>Reuse</h2>
 * A PDU taken from an {@link OutboundPduPool} (the hot path's Data-In, R2T and SCSI Response)
 * goes back to it when the transport calls {@link #recycle()}, after {@link #whenDone()} has
 * run; from then on nobody may touch it. Every other PDU is simply left to the garbage
 * collector; {@code recycle()} does nothing for it. A transport that never recycles (a test's)
 * is correct too: the pool then makes new PDUs.
 */
public final class OutboundPdu {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    /** How the PDU uses the connection's StatSN (RFC 7143 §4.2.2.2). */
    public enum StatSn {
        /** Carries the next StatSN and advances it: responses with status. */
        ADVANCE,
        /** Carries the next StatSN without advancing it: R2T, unsolicited NOP-In. */
        CURRENT,
        /** StatSN is reserved: Data-In without status. */
        NONE
    }

    private final ByteBuffer header = ByteBuffer.allocate(Bhs.LENGTH + Bhs.DIGEST_LENGTH);
    private final ByteBuffer trailer = ByteBuffer.allocate(3 + Bhs.DIGEST_LENGTH);
    private final OutboundPduPool home;
    private ByteBuffer data = EMPTY;
    private StatSn statSn;
    private Runnable whenDone;
    private int headerDigestXor;
    private int dataDigestXor;
    /** Whether it waits in its pool (guards against a second recycle, which would lend it twice). */
    boolean idle;

    OutboundPdu(OutboundPduPool home) {
        this.home = home;
    }

    /** A new PDU with the given opcode and byte-1 flags, all other header fields zero. */
    public static OutboundPdu create(int opcode, int flags, StatSn statSn) {
        OutboundPdu pdu = new OutboundPdu(null);
        pdu.start(opcode, flags, statSn);
        return pdu;
    }

    /** Makes it as {@link #create} would: the given opcode and flags, every other field zero, no data. */
    void start(int opcode, int flags, StatSn statSn) {
        header.clear();
        trailer.clear();
        for (int i = 0; i < Bhs.LENGTH + Bhs.DIGEST_LENGTH; i += Integer.BYTES) {
            header.putInt(i, 0);
        }
        header.put(0, (byte) opcode);
        header.put(1, (byte) flags);
        this.statSn = statSn;
        this.data = EMPTY;
        this.whenDone = null;
        this.headerDigestXor = 0;
        this.dataDigestXor = 0;
    }

    /**
     * The transport is done with the PDU (written or dropped, {@link #whenDone()} has run): a
     * pooled PDU goes back to its pool, any other is left alone. On the connection's thread;
     * the PDU must not be touched afterwards.
     *
     * @throws IllegalStateException if a pooled PDU is recycled twice
     */
    public void recycle() {
        if (home != null) {
            home.give(this);
        }
    }

    /** The header, 48 bytes of fields (plus the digest once sealed); set fields with {@link Bhs}. */
    public ByteBuffer header() {
        return header;
    }

    public int opcode() {
        return Bhs.opcode(header);
    }

    public StatSn statSn() {
        return statSn;
    }

    /** The data segment to send (not copied), or an empty buffer. */
    public ByteBuffer data() {
        return data;
    }

    public OutboundPdu data(ByteBuffer segment) {
        this.data = segment == null ? EMPTY : segment;
        return this;
    }

    /** Padding and data digest; empty until sealed. */
    public ByteBuffer trailer() {
        return trailer;
    }

    /**
     * The action to run once this PDU has been written completely or dropped (the connection
     * closed first), or {@code null}. The transport runs it exactly once, on the owner thread.
     */
    public Runnable whenDone() {
        return whenDone;
    }

    public OutboundPdu whenDone(Runnable action) {
        this.whenDone = action;
        return this;
    }

    /**
     * Fault injection: {@link PduEncoder#seal} gives this PDU a wrong header digest (if header
     * digests are on), so that the initiator sees a header digest error.
     */
    public OutboundPdu corruptHeaderDigest() {
        headerDigestXor = 0xFFFFFFFF;
        return this;
    }

    /** Fault injection: a wrong data digest (if data digests are on and there is data). */
    public OutboundPdu corruptDataDigest() {
        dataDigestXor = 0xFFFFFFFF;
        return this;
    }

    /** What the encoder XORs into the header digest: 0, or all ones to corrupt it. */
    public int headerDigestXor() {
        return headerDigestXor;
    }

    /** What the encoder XORs into the data digest: 0, or all ones to corrupt it. */
    public int dataDigestXor() {
        return dataDigestXor;
    }

    public OutboundPdu putU8(int offset, int value) {
        Bhs.putU8(header, offset, value);
        return this;
    }

    public OutboundPdu putU16(int offset, int value) {
        Bhs.putU16(header, offset, value);
        return this;
    }

    public OutboundPdu putU32(int offset, int value) {
        Bhs.putU32(header, offset, value);
        return this;
    }

    public OutboundPdu putU64(int offset, long value) {
        Bhs.putU64(header, offset, value);
        return this;
    }

    /** Bytes still to be written. */
    public long remaining() {
        return (long) header.remaining() + data.remaining() + trailer.remaining();
    }

    @Override
    public String toString() {
        return Opcode.name(opcode()) + " itt=" + Integer.toHexString(Bhs.u32(header, Bhs.INITIATOR_TASK_TAG))
                + " dsl=" + data.remaining();
    }
}
