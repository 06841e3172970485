package org.jtgt.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;

/** The iSCSI CRC32C examples of RFC 3720 appendix B.4, in wire byte order. */
class Crc32cDigestTest {

    private static byte[] digestOnWire(byte[] data) {
        ByteBuffer b = ByteBuffer.wrap(data);
        int crc = new Crc32cDigest().compute(b, 0, data.length);
        ByteBuffer out = ByteBuffer.allocate(4);
        Crc32cDigest.put(out, 0, crc);
        return out.array();
    }

    @Test
    void thirtyTwoZeroBytes() {
        assertArrayEquals(Wire.hex("aa 36 91 8a"), digestOnWire(new byte[32]));
    }

    @Test
    void thirtyTwoOnes() {
        byte[] b = new byte[32];
        java.util.Arrays.fill(b, (byte) 0xFF);
        assertArrayEquals(Wire.hex("43 ab a8 62"), digestOnWire(b));
    }

    @Test
    void incrementingAndDecrementing() {
        byte[] up = new byte[32];
        byte[] down = new byte[32];
        for (int i = 0; i < 32; i++) {
            up[i] = (byte) i;
            down[i] = (byte) (31 - i);
        }
        assertArrayEquals(Wire.hex("4e 79 dd 46"), digestOnWire(up));
        assertArrayEquals(Wire.hex("5c db 3f 11"), digestOnWire(down));
    }

    @Test
    void readCommandPdu() {
        byte[] pdu = Wire.hex("01 c0 00 00 00 00 00 00 00 00 00 00 00 00 00 00 14 00 00 00 00 00 04 00 00 00 00 14"
                + " 00 00 00 18 28 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00");
        assertArrayEquals(Wire.hex("56 3a 96 d9"), digestOnWire(pdu));
    }

    @Test
    void readBackIsTheInverseOfPut() {
        ByteBuffer b = ByteBuffer.allocate(4);
        Crc32cDigest.put(b, 0, 0x12345678);
        assertEquals(0x12345678, Crc32cDigest.get(b, 0));
        assertEquals(0x78, b.get(0));
    }

    @Test
    void updatingLeavesPositionAndLimitAlone() {
        ByteBuffer b = ByteBuffer.allocate(16).position(3).limit(9);
        new Crc32cDigest().update(b, 0, 12);
        assertEquals(3, b.position());
        assertEquals(9, b.limit());
    }
}
