package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VerifyCommandsTest {

    private static final int BYTCHK_01 = 0x02;

    private final TestDisk t = TestDisk.memory(1024);

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.VERIFY_10, Opcodes.VERIFY_12, Opcodes.VERIFY_16})
    void byteCheckComparesDataOutWithTheMedium(int verify) {
        byte[] data = pattern(200, verify);
        t.put(824, data);
        RecordingCommand same = t.run(Cdb.block(verify, 824, 200).u8(1, BYTCHK_01), data);
        same.assertGood();
        assertEquals(200 * BLOCK, same.dataOutWanted());

        int at = 150 * BLOCK + 77;      // beyond the first 64 KiB stage
        byte[] other = data.clone();
        other[at] ^= 'X';
        SenseData sense = t.run(Cdb.block(verify, 824, 200).u8(1, BYTCHK_01), other).assertCheck(SenseKey.MISCOMPARE, 0x1D, 0x00);
        assertEquals((long) at, sense.information());
        byte[] fixed = sense.toFixedFormat();
        assertEquals((byte) 0xF0, fixed[0], "VALID, current error");
        assertEquals(at, java.nio.ByteBuffer.wrap(fixed, 3, 4).getInt());
        assertArrayEquals(data, t.get(824, 200), "VERIFY writes nothing");
    }

    @Test
    void firstByteDifferenceIsOffsetZero() {
        assertEquals(0L, t.run(Cdb.block(Opcodes.VERIFY_10, 0, 1).u8(1, BYTCHK_01), TestDisk.filled(1, 1))
                .assertCheck(SenseKey.MISCOMPARE, 0x1D, 0x00).information());
    }

    @Test
    void withoutByteCheckOnlyTheRangeIsChecked() {
        RecordingCommand c = t.run(Cdb.block(Opcodes.VERIFY_16, 0, 1024).u8(1, BlockCdb.DPO));
        c.assertGood();
        assertEquals(-1, c.dataOutWanted(), "no data-out");
        t.run(Cdb.block(Opcodes.VERIFY_10, 1024, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.VERIFY_16, -1L, 1)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.VERIFY_12, 1023, 2)).assertOutOfRange();
    }

    @Test
    void byteCheckRangesAreCheckedWithoutOverflow() {
        t.run(Cdb.block(Opcodes.VERIFY_16, 1L << 63, 1).u8(1, BYTCHK_01), pattern(1, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.VERIFY_12, 0xFFFF_FFFFL, 2).u8(1, BYTCHK_01), pattern(2, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.VERIFY_10, 0, 0).u8(1, BYTCHK_01)).assertGood();
    }

    @Test
    void protectionAndReservedByteCheckValuesAreRefused() {
        for (int protect = 1; protect < 8; protect++) {
            t.run(Cdb.block(Opcodes.VERIFY_10, 0, 1).u8(1, protect << 5 | BYTCHK_01), pattern(1, 0)).assertInvalidField();
            t.run(Cdb.block(Opcodes.WRITE_AND_VERIFY_16, 0, 1).u8(1, protect << 5), pattern(1, 0)).assertInvalidField();
        }
        byte[] pointer = t.run(Cdb.block(Opcodes.VERIFY_16, 0, 1).u8(1, 0x04), pattern(1, 0)).assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xCA, pointer[15], "SKSV, C/D, BPV, bit 2");
        t.run(Cdb.block(Opcodes.WRITE_AND_VERIFY_10, 0, 1).u8(1, 0x06), pattern(1, 0)).assertInvalidField();
    }

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.WRITE_AND_VERIFY_10, Opcodes.WRITE_AND_VERIFY_12, Opcodes.WRITE_AND_VERIFY_16})
    void writeAndVerifyWritesThenCompares(int opcode) {
        byte[] data = pattern(256, opcode);
        t.run(Cdb.block(opcode, 768, 256).u8(1, BYTCHK_01 | BlockCdb.DPO), data).assertGood();
        assertArrayEquals(data, t.get(768, 256));
        byte[] next = pattern(1, opcode + 1);
        t.run(Cdb.block(opcode, 1023, 1), next).assertGood();
        assertArrayEquals(next, t.get(1023, 1));
        t.run(Cdb.block(opcode, 1023, 2), pattern(2, 0)).assertOutOfRange();
        t.run(Cdb.block(opcode, 0, 0)).assertGood();
    }

    @Test
    void writeAndVerifyHonoursWriteProtection() {
        TestDisk ro = TestDisk.readOnly(16);
        ro.run(Cdb.block(Opcodes.WRITE_AND_VERIFY_10, 0, 1).u8(1, BYTCHK_01), pattern(1, 0)).assertWriteProtected();
        ro.run(Cdb.block(Opcodes.VERIFY_10, 0, 1).u8(1, BYTCHK_01), new byte[BLOCK]).assertGood();
    }
}
