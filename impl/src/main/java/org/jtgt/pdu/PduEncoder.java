package org.jtgt.pdu;

import java.nio.ByteBuffer;

/**
 * Seals outbound PDUs for the wire: sets the data segment length, appends the header digest,
 * and fills the trailer with padding and the data digest, according to the digests negotiated
 * for the connection. It does no I/O.
 *
 * <p>Not thread-safe: one per connection, used by the connection's owner thread. Digest
 * settings change between PDUs (after the last login response).
 */
public final class PduEncoder {

    private final Crc32cDigest digest = new Crc32cDigest();
    private boolean headerDigest;
    private boolean dataDigest;

    public void setHeaderDigest(boolean on) {
        this.headerDigest = on;
    }

    public void setDataDigest(boolean on) {
        this.dataDigest = on;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    /**
     * Finishes a PDU whose header fields are set: afterwards header, data and trailer are
     * positioned over exactly the bytes to send.
     */
    public void seal(OutboundPdu pdu) {
        ByteBuffer header = pdu.header();
        ByteBuffer data = pdu.data();
        int length = data.remaining();
        Bhs.setDataSegmentLength(header, length);
        header.clear();
        if (headerDigest) {
            Crc32cDigest.put(header, Bhs.LENGTH, digest.compute(header, 0, Bhs.LENGTH) ^ pdu.headerDigestXor());
            header.limit(Bhs.LENGTH + Bhs.DIGEST_LENGTH);
        } else {
            header.limit(Bhs.LENGTH);
        }
        ByteBuffer trailer = pdu.trailer();
        trailer.clear();
        int pad = PduDecoder.padding(length);
        for (int i = 0; i < pad; i++) {
            trailer.put(i, (byte) 0);
        }
        if (dataDigest && length > 0) {
            digest.reset();
            digest.update(data);
            digest.updateZeros(pad);
            Crc32cDigest.put(trailer, pad, digest.value() ^ pdu.dataDigestXor());
            trailer.limit(pad + Bhs.DIGEST_LENGTH);
        } else {
            trailer.limit(pad);
        }
    }
}
