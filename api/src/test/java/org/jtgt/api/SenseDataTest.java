package org.jtgt.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Sense data byte layouts of SPC-4 §4.5. */
class SenseDataTest {

    @Test
    void fixedFormat() {
        byte[] b = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00).toFixedFormat();
        assertEquals(18, b.length);
        assertEquals(0x70, b[0]);
        assertEquals(0x05, b[2]);
        assertEquals(10, b[7]);
        assertEquals(0x21, b[12]);
        assertEquals(0x00, b[13]);
    }

    @Test
    void fixedFormatWithInformationAndFieldPointer() {
        byte[] b = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00).withInformation(0x01020304L)
                .withFieldPointer(true, 2, 5).toFixedFormat();
        assertEquals((byte) 0xF0, b[0], "VALID set");
        assertArrayEquals(new byte[] {1, 2, 3, 4}, java.util.Arrays.copyOfRange(b, 3, 7));
        assertEquals((byte) (0x80 | 0x40 | 0x08 | 5), b[15], "SKSV, C/D, BPV, bit 5");
        assertEquals(0, b[16]);
        assertEquals(2, b[17]);
    }

    @Test
    void descriptorFormat() {
        byte[] b = SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0x00).withInformation(0x1_0000_0000L).toDescriptorFormat();
        assertEquals(0x72, b[0]);
        assertEquals(0x03, b[1]);
        assertEquals(0x11, b[2]);
        assertEquals(12, b[7], "one information descriptor");
        assertEquals(0x00, b[8]);
        assertEquals(0x0A, b[9]);
        assertEquals((byte) 0x80, b[10]);
        assertEquals(1, b[15], "the high half of a 64-bit LBA");
    }

    @Test
    void aLargeInformationDoesNotFitFixedFormat() {
        byte[] b = SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0x00).withInformation(1L << 40).toFixedFormat();
        assertEquals(0x70, b[0], "VALID clear");
    }
}
