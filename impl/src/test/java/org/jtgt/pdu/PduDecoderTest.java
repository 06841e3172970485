package org.jtgt.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;

/** Framing of inbound PDUs: split anywhere, several per read, digests, limits, AHS. */
class PduDecoderTest {

    private int allocations;

    private PduDecoder decoder() {
        return new PduDecoder((pdu, length) -> {
            allocations++;
            return ByteBuffer.allocate(length);
        });
    }

    private static OutboundPdu nopWithData(String text) {
        return InitiatorPdus.nopOut(0x1234, Bhs.RESERVED_TAG, true, 7, 9, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String dataText(Pdu pdu) {
        byte[] b = new byte[pdu.data().remaining()];
        pdu.data().get(pdu.data().position(), b);
        return new String(b, StandardCharsets.US_ASCII);
    }

    @Test
    void decodesAPduWithPaddedDataInOneRead() throws Exception {
        byte[] wire = Wire.bytes(nopWithData("hello"));
        assertEquals(48 + 8, wire.length, "5 data bytes are padded to 8");
        Pdu pdu = decoder().decode(ByteBuffer.wrap(wire));
        assertNotNull(pdu);
        assertEquals(Opcode.NOP_OUT, pdu.opcode());
        assertTrue(pdu.immediate());
        assertEquals(0x1234, pdu.initiatorTaskTag());
        assertEquals(7, pdu.cmdSN());
        assertEquals(9, pdu.expStatSN());
        assertEquals("hello", dataText(pdu));
        assertTrue(pdu.dataDigestValid());
    }

    @Test
    void decodesWhenBytesArriveOneAtATime() throws Exception {
        byte[] wire = Wire.bytes(nopWithData("byte by byte"));
        PduDecoder decoder = decoder();
        Pdu pdu = null;
        for (int i = 0; i < wire.length; i++) {
            ByteBuffer one = ByteBuffer.wrap(wire, i, 1);
            pdu = decoder.decode(one);
            assertEquals(0, one.remaining(), "every byte is consumed");
            if (i < wire.length - 1) {
                assertNull(pdu, "no PDU before the last byte (at " + i + ")");
            }
        }
        assertNotNull(pdu);
        assertEquals("byte by byte", dataText(pdu));
        assertTrue(decoder.atPduBoundary());
    }

    @Test
    void decodesSeveralPdusFromOneRead() throws Exception {
        byte[] wire = Wire.concat(Wire.bytes(nopWithData("one")), Wire.bytes(nopWithData("two!")), Wire.bytes(nopWithData("")));
        ByteBuffer in = ByteBuffer.wrap(wire);
        PduDecoder decoder = decoder();
        List<String> seen = new ArrayList<>();
        Pdu pdu;
        while ((pdu = decoder.decode(in)) != null) {
            seen.add(dataText(pdu));
        }
        assertEquals(List.of("one", "two!", ""), seen);
        assertEquals(0, in.remaining());
    }

    @Test
    void aPduSplitAcrossReadsContinuesWhereItStopped() throws Exception {
        byte[] first = Wire.bytes(nopWithData("first"));
        byte[] second = Wire.bytes(nopWithData("second"));
        byte[] wire = Wire.concat(first, second);
        PduDecoder decoder = decoder();
        int cut = first.length + 30;       // in the middle of the second header
        ByteBuffer a = ByteBuffer.wrap(wire, 0, cut);
        assertEquals("first", dataText(decoder.decode(a)));
        assertNull(decoder.decode(a));
        assertEquals("second", dataText(decoder.decode(ByteBuffer.wrap(wire, cut, wire.length - cut))));
    }

    @Test
    void checksHeaderDigests() throws Exception {
        PduEncoder encoder = new PduEncoder();
        encoder.setHeaderDigest(true);
        byte[] wire = Wire.bytes(encoder, nopWithData("digested"));
        assertEquals(48 + 4 + 8, wire.length);
        PduDecoder decoder = decoder();
        decoder.setHeaderDigest(true);
        assertEquals("digested", dataText(decoder.decode(ByteBuffer.wrap(wire))));

        wire[47] ^= 1;      // flip a bit in the header
        PduDecoder strict = decoder();
        strict.setHeaderDigest(true);
        PduFormatException e = assertThrows(PduFormatException.class, () -> strict.decode(ByteBuffer.wrap(wire)));
        assertTrue(e.getMessage().contains("header digest"), e.getMessage());
    }

    @Test
    void aBadDataDigestIsReportedAndTheStreamGoesOn() throws Exception {
        PduEncoder encoder = new PduEncoder();
        encoder.setDataDigest(true);
        byte[] bad = Wire.bytes(encoder, nopWithData("payload"));
        bad[48] ^= 0x20;                    // corrupt the data, not the digest
        byte[] good = Wire.bytes(encoder, nopWithData("next"));
        PduDecoder decoder = decoder();
        decoder.setDataDigest(true);
        ByteBuffer in = ByteBuffer.wrap(Wire.concat(bad, good));
        Pdu first = decoder.decode(in);
        assertFalse(first.dataDigestValid());
        Pdu second = decoder.decode(in);
        assertTrue(second.dataDigestValid());
        assertEquals("next", dataText(second));
    }

    @Test
    void noDataDigestOnAnEmptySegment() throws Exception {
        PduEncoder encoder = new PduEncoder();
        encoder.setDataDigest(true);
        byte[] wire = Wire.bytes(encoder, nopWithData(""));
        assertEquals(48, wire.length);
    }

    @Test
    void refusesAnOversizedSegmentBeforeAllocatingIt() {
        byte[] wire = Wire.bytes(nopWithData("x".repeat(9000)));
        PduDecoder decoder = decoder();        // login default: 8192
        PduFormatException e = assertThrows(PduFormatException.class, () -> decoder.decode(ByteBuffer.wrap(wire, 0, 48)));
        assertTrue(e.getMessage().contains("9000"), e.getMessage());
        assertEquals(0, allocations, "nothing allocated for a refused segment");
    }

    @Test
    void acceptsUpToTheConfiguredLimit() throws Exception {
        PduDecoder decoder = decoder();
        decoder.setMaxDataSegmentLength(16384);
        Pdu pdu = decoder.decode(ByteBuffer.wrap(Wire.bytes(nopWithData("y".repeat(16384)))));
        assertEquals(16384, pdu.data().remaining());
    }

    @Test
    void framesAdditionalHeaderSegments() throws Exception {
        OutboundPdu command = InitiatorPdus.scsiCommand(5, 0, new byte[] {0x28}, 0, false, false, true, 1, 1, null);
        byte[] plain = Wire.bytes(command);
        // insert an 8-byte extended CDB AHS: length 5 (4 CDB bytes + reserved), type 1
        byte[] ahs = Wire.hex("00 05 01 00 aa bb cc dd");
        byte[] wire = Wire.concat(java.util.Arrays.copyOf(plain, 48), ahs);
        wire[4] = 2;        // TotalAHSLength in words
        Pdu pdu = decoder().decode(ByteBuffer.wrap(wire));
        assertEquals(8, pdu.ahs().remaining());
        byte[] got = new byte[8];
        pdu.ahs().get(0, got);
        assertArrayEquals(ahs, got);
        assertEquals(0x28, pdu.header().get(Bhs.CDB));
    }

    @Test
    void dataLandsInTheAllocatorsBufferAtItsPosition() throws Exception {
        ByteBuffer target = ByteBuffer.allocate(100);
        PduDecoder decoder = new PduDecoder((pdu, length) -> target.slice(40, length));
        Pdu pdu = decoder.decode(ByteBuffer.wrap(Wire.bytes(nopWithData("landing"))));
        assertEquals("landing", dataText(pdu));
        byte[] in = new byte[7];
        target.get(40, in);
        assertEquals("landing", new String(in, StandardCharsets.US_ASCII));
    }
}
