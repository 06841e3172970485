package org.jtgt.testing;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.PduEncoder;

/** Turns sealed PDUs into the bytes that go on the wire, for tests. */
public final class Wire {

    private Wire() {
    }

    /** Seals {@code pdu} with {@code encoder} and returns its wire bytes (the PDU is left unconsumed). */
    public static byte[] bytes(PduEncoder encoder, OutboundPdu pdu) {
        encoder.seal(pdu);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (ByteBuffer b : new ByteBuffer[] {pdu.header(), pdu.data(), pdu.trailer()}) {
            byte[] chunk = new byte[b.remaining()];
            b.get(b.position(), chunk);
            out.writeBytes(chunk);
        }
        return out.toByteArray();
    }

    /** Wire bytes with no digests. */
    public static byte[] bytes(OutboundPdu pdu) {
        return bytes(new PduEncoder(), pdu);
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Parses hex with optional spaces, e.g. {@code "01 c0 00"}. */
    public static byte[] hex(String s) {
        String t = s.replaceAll("\\s+", "");
        byte[] b = new byte[t.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(t.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
