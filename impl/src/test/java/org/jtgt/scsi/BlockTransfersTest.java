package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import org.jtgt.api.SenseKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class BlockTransfersTest {

    private final TestDisk t = TestDisk.memory(1024);

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.WRITE_10, Opcodes.WRITE_12, Opcodes.WRITE_16})
    void writeThenReadBack(int write) {
        byte[] data = pattern(3, write);
        t.run(Cdb.block(write, 1021, 3), data).assertGood();
        assertArrayEquals(data, t.get(1021, 3));
        int read = write - 2;
        assertArrayEquals(data, t.run(Cdb.block(read, 1021, 3)).assertGood());
    }

    @Test
    void sixByteCdbsCarryA21BitLbaAndZeroMeans256() {
        byte[] data = pattern(256, 6);
        t.run(Cdb.of(Opcodes.WRITE_6).u8(1, 0x00).u16(2, 700).u8(4, 0), data).assertGood();
        assertArrayEquals(data, t.get(700, 256));
        byte[] read = t.run(Cdb.of(Opcodes.READ_6).u8(1, 0xE0).u16(2, 701).u8(4, 1)).assertGood();
        assertArrayEquals(java.util.Arrays.copyOfRange(data, BLOCK, 2 * BLOCK), read, "byte 1 bits 7..5 are LBA bits, not protection");
    }

    @ParameterizedTest
    @ValueSource(longs = {1024, 1025, 1L << 31, 0xFFFF_FFFFL, 1L << 63, -1L})
    void rangesBeyondTheEndFailWithoutOverflow(long lba) {
        int[] opcodes = lba <= 0xFFFF_FFFFL && lba >= 0 ? new int[] {Opcodes.READ_10, Opcodes.READ_12, Opcodes.READ_16, Opcodes.WRITE_16}
                : new int[] {Opcodes.READ_16, Opcodes.WRITE_16};
        for (int op : opcodes) {
            boolean write = op == Opcodes.WRITE_16;
            t.run(Cdb.block(op, lba, 1), write ? pattern(1, 0) : null).assertOutOfRange();
            t.run(Cdb.block(op, lba, 0)).assertOutOfRange();
        }
    }

    @Test
    void lengthThatWrapsTheLbaIsOutOfRange() {
        t.run(Cdb.block(Opcodes.READ_16, 1023, 2)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.READ_16, 2, 0xFFFF_FFFFL)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.READ_16, 0x7FFF_FFFF_FFFF_FFFFL, 0xFFFF_FFFFL)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.READ_16, 1023, 1)).assertGood();
        assertEquals(0, t.run(Cdb.block(Opcodes.READ_16, 0, 0)).assertGood().length);
    }

    @Test
    void protectionFieldIsRefused() {
        for (int protect = 1; protect < 8; protect++) {
            t.run(Cdb.block(Opcodes.READ_10, 0, 1).u8(1, protect << 5)).assertInvalidField();
            t.run(Cdb.block(Opcodes.WRITE_12, 0, 1).u8(1, protect << 5), pattern(1, 0)).assertInvalidField();
        }
    }

    @Test
    void dpoAndFuaAreAccepted() {
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1).u8(1, BlockCdb.DPO | BlockCdb.FUA), pattern(1, 0)).assertGood();
        t.run(Cdb.block(Opcodes.READ_16, 0, 1).u8(1, BlockCdb.DPO | BlockCdb.FUA)).assertGood();
    }

    @Test
    void moreThanTheMaximumTransferIsRefused() {
        TestDisk big = TestDisk.memory(1 << 16);
        long max = BlockLimits.MAX_TRANSFER_BYTES / BLOCK;
        big.run(Cdb.block(Opcodes.READ_16, 0, max + 1)).assertInvalidField();
        assertEquals(BlockLimits.MAX_TRANSFER_BYTES, big.run(Cdb.block(Opcodes.READ_16, 0, max)).assertGood().length);
    }

    @Test
    void writeStoresOnlyTheWholeBlocksSent() {
        t.put(0, TestDisk.filled(2, 'a'));
        RecordingCommand c = t.run(Cdb.block(Opcodes.WRITE_10, 0, 2), TestDisk.filled(1, 'b'));
        c.assertGood();
        assertEquals(2 * BLOCK, c.dataOutWanted(), "the CDB's length, for the residual");
        assertArrayEquals(TestDisk.filled(1, 'b'), t.get(0, 1));
        assertArrayEquals(TestDisk.filled(1, 'a'), t.get(1, 1));

        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), new byte[200]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        assertArrayEquals(TestDisk.filled(1, 'b'), t.get(0, 1));
    }

    @Test
    void readOnlyDiskRefusesWritesAndServesReads() {
        TestDisk ro = TestDisk.readOnly(16);
        ro.run(Cdb.block(Opcodes.WRITE_10, 0, 1), pattern(1, 0)).assertWriteProtected();
        ro.run(Cdb.of(Opcodes.WRITE_6).u8(4, 1), pattern(1, 0)).assertWriteProtected();
        ro.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
    }

    @Test
    void synchronizeCacheChecksItsRange() {
        t.run(Cdb.block(Opcodes.SYNCHRONIZE_CACHE_10, 0, 0)).assertGood();
        t.run(Cdb.block(Opcodes.SYNCHRONIZE_CACHE_16, 1000, 24)).assertGood();
        t.run(Cdb.block(Opcodes.SYNCHRONIZE_CACHE_16, 1000, 25)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.SYNCHRONIZE_CACHE_10, 1024, 0)).assertOutOfRange();
    }

    @Test
    void readCapacityReportsTheLastLbaAndBlockSize() {
        ByteBuffer rc10 = ByteBuffer.wrap(t.run(Cdb.of(Opcodes.READ_CAPACITY_10)).assertGood());
        assertEquals(1023, rc10.getInt(0));
        assertEquals(BLOCK, rc10.getInt(4));
        t.run(Cdb.of(Opcodes.READ_CAPACITY_10).u32(2, 5)).assertInvalidField();

        Cdb rc16 = Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 32);
        ByteBuffer data = ByteBuffer.wrap(t.run(rc16).assertGood());
        assertEquals(32, data.capacity());
        assertEquals(1023, data.getLong(0));
        assertEquals(BLOCK, data.getInt(8));
        assertEquals(8, t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 8)).assertGood().length);
        t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u64(2, 7).u32(10, 32)).assertInvalidField();
    }
}
