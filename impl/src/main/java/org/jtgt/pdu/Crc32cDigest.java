package org.jtgt.pdu;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The iSCSI header and data digest: CRC32C (RFC 7143 §13.1, RFC 3720 appendix B.4) over a
 * header or a padded data segment, sent least significant byte first. Uses the JDK's
 * hardware-accelerated {@link CRC32C}.
 *
 * <p>An instance is a running digest for one thread: not thread-safe; each decoder and encoder
 * owns one. Updating never moves a buffer's position or limit.
 */
public final class Crc32cDigest {

    private final CRC32C crc = new CRC32C();

    public void reset() {
        crc.reset();
    }

    /** Adds {@code length} bytes of {@code buffer} starting at absolute index {@code from}. */
    public void update(ByteBuffer buffer, int from, int length) {
        int position = buffer.position();
        int limit = buffer.limit();
        try {
            buffer.limit(from + length).position(from);
            crc.update(buffer);
        } finally {
            buffer.limit(limit).position(position);
        }
    }

    /** Adds the bytes between the buffer's position and limit. */
    public void update(ByteBuffer buffer) {
        update(buffer, buffer.position(), buffer.remaining());
    }

    /** Adds {@code count} zero bytes (padding). */
    public void updateZeros(int count) {
        for (int i = 0; i < count; i++) {
            crc.update(0);
        }
    }

    /** The digest of what was added since the last reset, as the 32-bit value. */
    public int value() {
        return (int) crc.getValue();
    }

    /** Computes the digest of {@code length} bytes at {@code from} in one call. */
    public int compute(ByteBuffer buffer, int from, int length) {
        reset();
        update(buffer, from, length);
        return value();
    }

    /** Writes a digest at absolute index {@code at} in wire order (least significant byte first). */
    public static void put(ByteBuffer buffer, int at, int digest) {
        buffer.put(at, (byte) digest);
        buffer.put(at + 1, (byte) (digest >>> 8));
        buffer.put(at + 2, (byte) (digest >>> 16));
        buffer.put(at + 3, (byte) (digest >>> 24));
    }

    /** Reads a digest in wire order from absolute index {@code at}. */
    public static int get(ByteBuffer buffer, int at) {
        return (buffer.get(at) & 0xFF) | (buffer.get(at + 1) & 0xFF) << 8
                | (buffer.get(at + 2) & 0xFF) << 16 | (buffer.get(at + 3) & 0xFF) << 24;
    }
}
