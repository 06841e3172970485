package org.jtgt.pdu;

import java.nio.ByteBuffer;

/**
 * Frames inbound iSCSI PDUs from a byte stream: Basic Header Segment, additional header
 * segments, header digest, data segment, padding and data digest (RFC 7143 §11.2). It does no
 * I/O: the caller hands it whatever bytes arrived, in pieces of any size, and gets back each PDU
 * as soon as it is complete.
 *
 * <p>The data segment goes straight into a buffer that a {@link DataSegmentAllocator} supplies
 * once the header is known and checked, so that Data-Out payload can land in its command's
 * buffer with one copy.
 *
 * <p>Not thread-safe: a decoder belongs to one connection and is used by the thread that owns
 * it. Digest settings and the segment limit may change between PDUs (at the end of login).
 */
public final class PduDecoder {

    /** Supplies the buffer a data segment is decoded into. */
    @FunctionalInterface
    public interface DataSegmentAllocator {
        /**
         * Returns a buffer with exactly {@code length} bytes between position and limit, which
         * receive the data segment of {@code pdu} (whose header and AHS are valid, data not yet).
         * The decoder leaves the bytes there and hands the buffer back as {@link Pdu#data()},
         * positioned over them. Called on the decoding thread; {@code length} is at least 1.
         */
        ByteBuffer allocate(Pdu pdu, int length);
    }

    /** Default MaxRecvDataSegmentLength, in force during login (RFC 7143 §13.12). */
    public static final int LOGIN_MAX_DATA_SEGMENT_LENGTH = 8192;

    private static final int MAX_AHS_LENGTH = 255 * 4;
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private enum State { BHS, AHS_AND_DIGEST, DATA, PADDING_AND_DIGEST }

    private final DataSegmentAllocator allocator;
    private final ByteBuffer headerBuffer = ByteBuffer.allocate(Bhs.LENGTH + MAX_AHS_LENGTH + Bhs.DIGEST_LENGTH);
    private final ByteBuffer trailer = ByteBuffer.allocate(3 + Bhs.DIGEST_LENGTH);
    private final Pdu pdu = new Pdu(headerBuffer.slice(0, Bhs.LENGTH));
    private final Crc32cDigest digest = new Crc32cDigest();

    private State state = State.BHS;
    private boolean headerDigest;
    private boolean dataDigest;
    private int maxDataSegmentLength = LOGIN_MAX_DATA_SEGMENT_LENGTH;
    private int ahsLength;
    private int dataLength;
    private ByteBuffer data;
    private int dataStart;

    public PduDecoder(DataSegmentAllocator allocator) {
        this.allocator = allocator;
    }

    /** Whether header digests are expected from the next PDU on. */
    public void setHeaderDigest(boolean on) {
        this.headerDigest = on;
    }

    /** Whether data digests are expected from the next PDU on. */
    public void setDataDigest(boolean on) {
        this.dataDigest = on;
    }

    /**
     * The largest data segment accepted (the target's MaxRecvDataSegmentLength). A PDU that
     * announces more is refused before anything is allocated for it.
     */
    public void setMaxDataSegmentLength(int bytes) {
        if (bytes < 512 || bytes > 0xFFFFFF) {
            throw new IllegalArgumentException("MaxRecvDataSegmentLength " + bytes);
        }
        this.maxDataSegmentLength = bytes;
    }

    public int maxDataSegmentLength() {
        return maxDataSegmentLength;
    }

    /** Whether the decoder is between PDUs (no partial PDU buffered). */
    public boolean atPduBoundary() {
        return state == State.BHS && headerBuffer.position() == 0;
    }

    /**
     * Consumes bytes from {@code src} (advancing its position) until one PDU is complete or the
     * bytes run out.
     *
     * @return the complete PDU, valid until the next call, or {@code null} if more bytes are needed
     * @throws PduFormatException if the header digest does not match or the data segment is
     *         longer than allowed; the stream cannot be decoded any further
     */
    public Pdu decode(ByteBuffer src) throws PduFormatException {
        while (true) {
            switch (state) {
                case BHS:
                    if (!fill(headerBuffer, src, Bhs.LENGTH)) {
                        return null;
                    }
                    ahsLength = (headerBuffer.get(4) & 0xFF) * 4;
                    dataLength = Bhs.dataSegmentLength(headerBuffer);
                    if (dataLength > maxDataSegmentLength) {
                        throw new PduFormatException(Opcode.name(Bhs.opcode(headerBuffer)) + " announces a data segment of "
                                + dataLength + " bytes, more than MaxRecvDataSegmentLength " + maxDataSegmentLength);
                    }
                    state = State.AHS_AND_DIGEST;
                    break;
                case AHS_AND_DIGEST:
                    int headerEnd = Bhs.LENGTH + ahsLength;
                    if (!fill(headerBuffer, src, headerEnd + (headerDigest ? Bhs.DIGEST_LENGTH : 0))) {
                        return null;
                    }
                    if (headerDigest) {
                        int expected = digest.compute(headerBuffer, 0, headerEnd);
                        int actual = Crc32cDigest.get(headerBuffer, headerEnd);
                        if (expected != actual) {
                            throw new PduFormatException(String.format("header digest error on %s: received %08x, computed %08x",
                                    Opcode.name(Bhs.opcode(headerBuffer)), actual, expected));
                        }
                    }
                    pdu.ahs = ahsLength == 0 ? EMPTY : headerBuffer.slice(Bhs.LENGTH, ahsLength);
                    pdu.dataDigestValid = true;
                    if (dataLength == 0) {
                        pdu.data = EMPTY;
                        return finish();
                    }
                    data = allocator.allocate(pdu, dataLength);
                    if (data.remaining() != dataLength) {
                        throw new IllegalStateException("allocator returned " + data.remaining() + " bytes for a segment of " + dataLength);
                    }
                    dataStart = data.position();
                    digest.reset();
                    state = State.DATA;
                    break;
                case DATA:
                    int n = Math.min(src.remaining(), data.remaining());
                    if (n > 0) {
                        int at = data.position();
                        data.put(at, src, src.position(), n);
                        data.position(at + n);
                        src.position(src.position() + n);
                        if (dataDigest) {
                            digest.update(data, at, n);
                        }
                    }
                    if (data.hasRemaining()) {
                        return null;
                    }
                    trailer.clear().limit(padding(dataLength) + (dataDigest ? Bhs.DIGEST_LENGTH : 0));
                    state = State.PADDING_AND_DIGEST;
                    break;
                case PADDING_AND_DIGEST:
                    if (!fill(trailer, src, trailer.limit())) {
                        return null;
                    }
                    int pad = padding(dataLength);
                    if (dataDigest) {
                        digest.update(trailer, 0, pad);
                        pdu.dataDigestValid = digest.value() == Crc32cDigest.get(trailer, pad);
                    }
                    data.limit(dataStart + dataLength).position(dataStart);
                    pdu.data = data;
                    data = null;
                    return finish();
                default:
                    throw new AssertionError(state);
            }
        }
    }

    private Pdu finish() {
        state = State.BHS;
        headerBuffer.clear();
        return pdu;
    }

    /** Copies from src into buf until buf's position reaches {@code target}; true when it has. */
    private static boolean fill(ByteBuffer buf, ByteBuffer src, int target) {
        int n = Math.min(target - buf.position(), src.remaining());
        if (n > 0) {
            buf.put(buf.position(), src, src.position(), n);
            buf.position(buf.position() + n);
            src.position(src.position() + n);
        }
        return buf.position() == target;
    }

    /** Padding bytes after a data segment of {@code length} bytes. */
    public static int padding(int length) {
        return -length & 3;
    }
}
