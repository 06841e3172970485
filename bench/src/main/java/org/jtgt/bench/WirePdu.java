package org.jtgt.bench;

import java.nio.ByteBuffer;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Crc32cDigest;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.testing.Wire;

/**
 * One initiator PDU encoded once into wire bytes, replayed many times: a benchmark patches the
 * fields that change from command to command (CmdSN, ExpStatSN, Target Transfer Tag) in place,
 * and the header digest is recomputed when the stream carries one. Not thread-safe: owned by
 * the benchmark thread.
 */
final class WirePdu {

    private final ByteBuffer bytes;
    private final boolean headerDigest;
    private final Crc32cDigest digest = new Crc32cDigest();

    /** Encodes {@code pdu} with the given digests into a direct buffer. */
    WirePdu(OutboundPdu pdu, boolean headerDigest, boolean dataDigest) {
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(headerDigest);
        encoder.setDataDigest(dataDigest);
        byte[] wire = Wire.bytes(encoder, pdu);
        this.bytes = ByteBuffer.allocateDirect(wire.length).put(wire).flip();
        this.headerDigest = headerDigest;
    }

    /** Sets a 32-bit header field (and the header digest, if any). */
    WirePdu putU32(int offset, int value) {
        bytes.putInt(offset, value);
        if (headerDigest) {
            Crc32cDigest.put(bytes, Bhs.LENGTH, digest.compute(bytes, 0, Bhs.LENGTH));
        }
        return this;
    }

    /** The whole PDU, positioned at its first byte. */
    ByteBuffer rewind() {
        return bytes.clear();
    }

    int length() {
        return bytes.capacity();
    }
}
