package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteSameTest {

    private final TestDisk t = TestDisk.memory(1024);

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.WRITE_SAME_10, Opcodes.WRITE_SAME_16})
    void replicatesOneBlockOverTheRange(int opcode) {
        t.put(99, filled(1, 0xEE));
        t.put(400, filled(1, 0xEE));
        byte[] block = pattern(1, opcode);
        RecordingCommand c = t.run(Cdb.block(opcode, 100, 300), block);
        c.assertGood();
        assertEquals(BLOCK, c.dataOutWanted(), "one block of data-out");
        byte[] medium = t.get(100, 300);
        for (int i = 0; i < 300; i++) {
            assertArrayEquals(block, java.util.Arrays.copyOfRange(medium, i * BLOCK, (i + 1) * BLOCK), "block " + i);
        }
        assertArrayEquals(filled(1, 0xEE), t.get(99, 1), "before the range");
        assertArrayEquals(filled(1, 0xEE), t.get(400, 1), "after the range");
    }

    @Test
    void noDataOutBufferWritesZeros() {
        t.put(0, filled(4, 0x77));
        RecordingCommand c = t.run(Cdb.block(Opcodes.WRITE_SAME_16, 1, 2).u8(1, 0x01));
        c.assertGood();
        assertEquals(-1, c.dataOutWanted(), "NDOB transfers nothing");
        byte[] expected = filled(4, 0x77);
        java.util.Arrays.fill(expected, BLOCK, 3 * BLOCK, (byte) 0);
        assertArrayEquals(expected, t.get(0, 4));
    }

    @Test
    void zeroBlocksIsRefusedBecauseWsnzIsSet() {
        byte[] b10 = t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 0), pattern(1, 0)).assertInvalidField().toFixedFormat();
        assertEquals(7, b10[17], "points at NUMBER OF LOGICAL BLOCKS");
        byte[] b16 = t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 0), pattern(1, 0)).assertInvalidField().toFixedFormat();
        assertEquals(10, b16[17]);
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 1025, 0), pattern(1, 0)).assertOutOfRange();
    }

    @Test
    void maximumWriteSameLengthIsEnforcedAndReported() {
        long max = BlockLimits.MAX_TRANSFER_BYTES / BLOCK;
        TestDisk big = TestDisk.memory(2 * max);
        big.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, max + 1), pattern(1, 0)).assertInvalidField();
        big.run(Cdb.block(Opcodes.WRITE_SAME_16, max, max), pattern(1, 0)).assertGood();
        ByteBuffer vpd = ByteBuffer.wrap(big.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0xB0).u16(3, 255)).assertGood());
        assertEquals(max, vpd.getLong(36), "MAXIMUM WRITE SAME LENGTH");
        assertEquals(1, vpd.get(4) & 1, "WSNZ");
    }

    @ParameterizedTest
    @ValueSource(longs = {1024, 1L << 31, 0xFFFF_FFFFL})
    void rangesBeyondTheEndFail(long lba) {
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, lba, 1), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, lba, 1), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 1023, 2), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 1L << 63, 256), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, -1L, 256), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 2, 0xFFFF_FFFFL), pattern(1, 0)).assertOutOfRange();
    }

    @Test
    void fieldsItDoesNotSupportAreRefused() {
        for (int protect = 1; protect < 8; protect++) {
            t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 1).u8(1, protect << 5), pattern(1, 0)).assertInvalidField();
        }
        byte[] anchor = t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 1).u8(1, 0x10), pattern(1, 0)).assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xCC, anchor[15], "bit 4");
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 1).u8(1, 0x18), filled(1, 0)).assertInvalidField();
    }

    @Test
    void dataOutMustBeOneWholeBlock() {
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 4), new byte[BLOCK / 2]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 4)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 4), pattern(2, 3)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 1).u8(1, 0x08), new byte[2 * BLOCK]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        assertArrayEquals(new byte[4 * BLOCK], t.get(0, 4));
    }

    @Test
    void readOnlyDiskRefusesIt() {
        TestDisk ro = TestDisk.readOnly(16);
        ro.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 1), pattern(1, 0)).assertWriteProtected();
        ro.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 1).u8(1, 0x01)).assertWriteProtected();
    }
}
