package org.jtgt.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;

/** Sealing of outbound PDUs and the headers of target PDUs, byte by byte. */
class PduEncoderTest {

    @Test
    void sealsLengthPaddingAndDigests() {
        OutboundPdu pdu = TargetPdus.nopIn(0x01020304, Bhs.RESERVED_TAG, 0).data(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}));
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(true);
        encoder.setDataDigest(true);
        encoder.seal(pdu);
        assertEquals(52, pdu.header().remaining());
        assertEquals(6, Bhs.dataSegmentLength(pdu.header()));
        assertEquals(2 + 4, pdu.trailer().remaining(), "2 padding bytes and a digest");
        Crc32cDigest crc = new Crc32cDigest();
        assertEquals(crc.compute(pdu.header(), 0, 48), Crc32cDigest.get(pdu.header(), 48));
        ByteBuffer padded = ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 0, 0});
        assertEquals(crc.compute(padded, 0, 8), Crc32cDigest.get(pdu.trailer(), 2));
    }

    @Test
    void roundTripsThroughTheDecoderWithDigests() throws Exception {
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(true);
        encoder.setDataDigest(true);
        OutboundPdu sent = TargetPdus.dataIn(Lun.encode(3), 77, 5, 8192, true, 0, Bhs.FLAG_UNDERFLOW, 100)
                .data(ByteBuffer.wrap("0123456789abc".getBytes()));
        byte[] wire = Wire.bytes(encoder, sent);
        PduDecoder decoder = new PduDecoder((p, n) -> ByteBuffer.allocate(n));
        decoder.setHeaderDigest(true);
        decoder.setDataDigest(true);
        Pdu got = decoder.decode(ByteBuffer.wrap(wire));
        assertEquals(Opcode.DATA_IN, got.opcode());
        assertEquals(Bhs.FLAG_FINAL | Bhs.FLAG_STATUS | Bhs.FLAG_UNDERFLOW, got.flags());
        assertEquals(77, got.initiatorTaskTag());
        assertEquals(5, got.u32(Bhs.DATA_SN));
        assertEquals(8192, got.u32(Bhs.BUFFER_OFFSET));
        assertEquals(100, got.u32(Bhs.RESIDUAL_COUNT));
        assertEquals(3, Lun.decode(got.lunField()));
        assertEquals(true, got.dataDigestValid());
        assertEquals(13, got.data().remaining());
    }

    @Test
    void loginResponseHeaderLayout() {
        OutboundPdu pdu = TargetPdus.loginResponse(true, false, 1, 3, 0x80_1234_5678_9AL, 0x0102, 0xCAFEBABE, 2, 3);
        byte[] h = new byte[48];
        pdu.header().get(0, h);
        assertEquals(0x23, h[0]);
        assertEquals((byte) 0x87, h[1], "T, CSG 1, NSG 3");
        assertArrayEquals(Wire.hex("80 12 34 56 78 9a 01 02"), java.util.Arrays.copyOfRange(h, 8, 16));
        assertArrayEquals(Wire.hex("ca fe ba be"), java.util.Arrays.copyOfRange(h, 16, 20));
        assertEquals(2, h[36]);
        assertEquals(3, h[37]);
    }

    @Test
    void scsiResponseCarriesSenseWithItsLength() {
        byte[] sense = new byte[18];
        sense[0] = 0x70;
        OutboundPdu pdu = TargetPdus.scsiResponse(9, 0, 2, Bhs.FLAG_OVERFLOW, 512, 1, sense);
        assertEquals(0x21, pdu.header().get(0));
        assertEquals((byte) (0x80 | Bhs.FLAG_OVERFLOW), pdu.header().get(1));
        assertEquals(2, pdu.header().get(3));
        assertEquals(512, pdu.header().getInt(Bhs.RESIDUAL_COUNT));
        assertEquals(20, pdu.data().remaining());
        assertEquals(18, pdu.data().getShort(0));
        assertEquals(0x70, pdu.data().get(2));
    }

    @Test
    void lunAddressing() {
        assertEquals(0L, Lun.encode(0));
        assertEquals(0x0005_0000_0000_0000L, Lun.encode(5));
        assertEquals(0x4100_0000_0000_0000L, Lun.encode(256));
        for (int lun : new int[] {0, 1, 255, 256, 1000, Lun.MAX}) {
            assertEquals(lun, Lun.decode(Lun.encode(lun)));
        }
        assertEquals(-1, Lun.decode(0x0005_0000_0000_0001L), "a second level is not a single-level LUN");
        assertEquals(-1, Lun.decode(0xC000_0000_0000_0000L), "extended addressing is not supported");
    }
}
