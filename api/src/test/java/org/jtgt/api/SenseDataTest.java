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

    @Test
    void progressIndicationInBothFormats() {
        SenseData s = SenseData.of(SenseKey.NOT_READY, 0x04, 0x1B).withFieldPointer(true, 7, -1).withProgress(0x1234);
        byte[] fixed = s.toFixedFormat();
        assertEquals((byte) 0x80, fixed[15], "SKSV alone: no C/D, no BPV");
        assertEquals(0x12, fixed[16]);
        assertEquals(0x34, fixed[17]);
        byte[] descriptor = s.toDescriptorFormat();
        assertEquals(16, descriptor.length);
        assertEquals(0x02, descriptor[8], "sense key specific descriptor");
        assertEquals((byte) 0x80, descriptor[12]);
        assertEquals(0x12, descriptor[13]);
        assertEquals(0x34, descriptor[14]);
        assertEquals(0x1234, s.progress());
        assertEquals(-1, s.withFieldPointer(true, 1, -1).progress(), "a field pointer replaces it");
    }

    @Test
    void progressTakesPartInEquality() {
        SenseData s = SenseData.of(SenseKey.NOT_READY, 0x04, 0x1B);
        assertEquals(s.withProgress(5), s.withProgress(5));
        org.junit.jupiter.api.Assertions.assertNotEquals(s.withProgress(5), s.withProgress(6));
        org.junit.jupiter.api.Assertions.assertNotEquals(s, s.withProgress(0));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> s.withProgress(0x10000));
    }
}
