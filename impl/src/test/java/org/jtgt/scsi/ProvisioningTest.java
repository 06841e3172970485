package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.NullStore;
import org.junit.jupiter.api.Test;

class ProvisioningTest {

    /** 128 blocks of 512 bytes: the memory store's 64 KiB chunk. */
    private static final int CHUNK = 128;

    private final TestDisk t = TestDisk.memory(1024);

    // ---- reporting

    @Test
    void thinDiskReportsProvisioning() {
        assertEquals((byte) 0xC0, readCapacity16(t)[14], "LBPME, LBPRZ");
        byte[] b2 = vpd(t, 0xB2);
        assertEquals("00b20004" + "00e40200", HexFormat.of().formatHex(b2), "LBPU, LBPWS, LBPWS10, LBPRZ; thin");
        ByteBuffer b0 = ByteBuffer.wrap(vpd(t, 0xB0));
        assertEquals(1 << 20, b0.getInt(20), "MAXIMUM UNMAP LBA COUNT");
        assertEquals(256, b0.getInt(24), "MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT");
        assertEquals(CHUNK, b0.getInt(28), "OPTIMAL UNMAP GRANULARITY");
    }

    @Test
    void fullyProvisionedDiskReportsNoneAndRefusesUnmap() {
        TestDisk full = new TestDisk(new NullStore(1024 * BLOCK, BLOCK, false), Runnable::run, false);
        assertEquals(0, readCapacity16(full)[14]);
        assertEquals("00b2000400000000", HexFormat.of().formatHex(vpd(full, 0xB2)));
        ByteBuffer b0 = ByteBuffer.wrap(vpd(full, 0xB0));
        assertEquals(0, b0.getInt(20));
        assertEquals(0, b0.getInt(24));
        assertEquals(0, b0.getInt(28));
        full.run(unmapCdb(24), unmapList(0, 1)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
        full.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 1).u8(1, 0x08), filled(1, 0)).assertInvalidField();
        byte[] status = getLbaStatus(full, 5, 24);
        assertEquals("00000014" + "00000000" + "0000000000000005" + "000003fb" + "00000000", HexFormat.of().formatHex(status),
                "one mapped run to the end");
    }

    // ---- UNMAP

    @Test
    void unmapReleasesAndZeroes() throws IOException {
        t.put(0, filled(3 * CHUNK, 0xFF));
        byte[] list = unmapList(0, CHUNK + 1, 2 * CHUNK + 5, 1);
        t.run(unmapCdb(list.length), list).assertGood();
        assertFalse(t.store.allocated(0), "a whole chunk is released");
        assertTrue(t.store.allocated((long) CHUNK * BLOCK), "a partly unmapped chunk keeps its memory");
        byte[] expected = filled(3 * CHUNK, 0xFF);
        java.util.Arrays.fill(expected, 0, (CHUNK + 1) * BLOCK, (byte) 0);
        java.util.Arrays.fill(expected, (2 * CHUNK + 5) * BLOCK, (2 * CHUNK + 6) * BLOCK, (byte) 0);
        assertArrayEquals(expected, t.get(0, 3 * CHUNK));
    }

    @Test
    void emptyListsAndEmptyDescriptorsAreFine() {
        t.run(unmapCdb(0)).assertGood();
        t.run(unmapCdb(8), unmapList()).assertGood();
        byte[] list = unmapList(1024, 0, 0, 0, 5, 0, 5, 0);
        t.run(unmapCdb(list.length), list).assertGood();
    }

    @Test
    void descriptorsPastTheEndAreOutOfRange() {
        for (long[] d : new long[][] {{1025, 0}, {1023, 2}, {1024, 1}, {1L << 63, 1}, {-1L, 0}, {1, 0xFFFF_FFFFL}}) {
            byte[] list = unmapList(d[0], d[1]);
            t.run(unmapCdb(list.length), list).assertOutOfRange();
        }
    }

    @Test
    void badDescriptorReleasesNothing() {
        t.put(0, filled(CHUNK, 0xFF));
        byte[] list = unmapList(0, CHUNK, 2000, 1);
        t.run(unmapCdb(list.length), list).assertOutOfRange();
        assertArrayEquals(filled(CHUNK, 0xFF), t.get(0, CHUNK));
    }

    @Test
    void parameterListLengths() {
        for (int n = 1; n < 8; n++) {
            t.run(unmapCdb(n), new byte[n]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        }
        byte[] list = unmapList(0, 1);
        t.run(unmapCdb(24), java.util.Arrays.copyOf(list, 7)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(unmapCdb(20), java.util.Arrays.copyOf(list, 20)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);

        t.put(0, filled(1, 0xFF));
        byte[] incomplete = java.util.Arrays.copyOf(unmapList(0, 1, 5, 1), 36);
        ByteBuffer.wrap(incomplete).putShort(2, (short) 28);
        t.run(unmapCdb(36), incomplete).assertGood();
        assertArrayEquals(new byte[BLOCK], t.get(0, 1), "the complete descriptor counts");
    }

    @Test
    void tooManyDescriptorsOrBlocksAreInvalidParameters() {
        long[] many = new long[2 * 257];
        for (int i = 0; i < 257; i++) {
            many[2 * i] = i;
            many[2 * i + 1] = 1;
        }
        byte[] list = unmapList(many);
        SenseData sense = t.run(unmapCdb(list.length), list).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
        assertEquals(2, sense.toFixedFormat()[17], "points at BLOCK DESCRIPTOR DATA LENGTH");

        TestDisk big = TestDisk.memory(3L << 20);
        byte[] overLimit = unmapList(0, 1L << 20, 2L << 20, 1);
        SenseData limit = big.run(unmapCdb(overLimit.length), overLimit).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
        assertEquals(32, limit.toFixedFormat()[17], "points at the second descriptor's count");
        byte[] atLimit = unmapList(0, (1L << 20) - 1, 2L << 20, 1);
        big.run(unmapCdb(atLimit.length), atLimit).assertGood();
    }

    @Test
    void anchorIsRefusedAndReadOnlyIsProtected() {
        t.run(Cdb.of(Opcodes.UNMAP).u8(1, 1).u16(7, 24), unmapList(0, 1)).assertInvalidField();
        TestDisk ro = TestDisk.readOnly(64);
        ro.run(unmapCdb(24), unmapList(0, 1)).assertWriteProtected();
        ro.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 1).u8(1, 0x09)).assertWriteProtected();
    }

    // ---- WRITE SAME with UNMAP

    @Test
    void writeSameUnmapReleasesZeroBlocks() throws IOException {
        t.put(0, filled(2 * CHUNK, 0xFF));
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, CHUNK).u8(1, 0x08), filled(1, 0)).assertGood();
        assertFalse(t.store.allocated(0));
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, CHUNK, CHUNK).u8(1, 0x09)).assertGood();
        assertFalse(t.store.allocated((long) CHUNK * BLOCK), "NDOB and UNMAP");
        assertArrayEquals(new byte[2 * CHUNK * BLOCK], t.get(0, 2 * CHUNK));
    }

    @Test
    void writeSameUnmapWithDataWritesIt() throws IOException {
        byte[] block = pattern(1, 1);
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 2).u8(1, 0x08), block).assertGood();
        assertArrayEquals(block, t.get(1, 1));
    }

    // ---- GET LBA STATUS

    @Test
    void lbaStatusReportsRunsFromTheStartingLba() {
        t.put(2 * CHUNK + 3, filled(2 * CHUNK, 1));       // maps chunks 2, 3 and 4
        byte[] data = getLbaStatus(t, 10, 100);
        assertEquals("00000034" + "00000000"
                + "000000000000000a" + "000000f6" + "01000000"      // 10..255 deallocated
                + "0000000000000100" + "00000180" + "00000000"      // 256..639 mapped
                + "0000000000000280" + "00000180" + "01000000",     // 640..1023 deallocated
                HexFormat.of().formatHex(data));
    }

    @Test
    void lbaStatusIsTruncatedToTheAllocationLength() {
        t.put(CHUNK, filled(1, 1));
        byte[] data = getLbaStatus(t, 0, 24);
        assertEquals("00000014" + "00000000" + "0000000000000000" + "00000080" + "01000000", HexFormat.of().formatHex(data));
        assertEquals(10, getLbaStatus(t, 0, 10).length);
    }

    @Test
    void lbaStatusBeyondTheEndIsOutOfRange() {
        for (long lba : new long[] {1024, 1025, 1L << 63, -1L}) {
            t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_GET_LBA_STATUS).u64(2, lba).u32(10, 24)).assertOutOfRange();
        }
        assertEquals(24, getLbaStatus(t, 1023, 24).length);
    }

    // ---- helpers

    static Cdb unmapCdb(int parameterListLength) {
        return Cdb.of(Opcodes.UNMAP).u16(7, parameterListLength);
    }

    /** An UNMAP parameter list with descriptors of (lba, blocks) pairs. */
    static byte[] unmapList(long... lbaAndBlocks) {
        int n = lbaAndBlocks.length / 2;
        ByteBuffer b = ByteBuffer.allocate(8 + 16 * n);
        b.putShort(0, (short) (6 + 16 * n)).putShort(2, (short) (16 * n));
        for (int i = 0; i < n; i++) {
            b.putLong(8 + 16 * i, lbaAndBlocks[2 * i]).putInt(16 + 16 * i, (int) lbaAndBlocks[2 * i + 1]);
        }
        return b.array();
    }

    private static byte[] readCapacity16(TestDisk disk) {
        return disk.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 32)).assertGood();
    }

    private static byte[] vpd(TestDisk disk, int page) {
        return disk.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, page).u16(3, 255)).assertGood();
    }

    private static byte[] getLbaStatus(TestDisk disk, long lba, int allocation) {
        return disk.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_GET_LBA_STATUS).u64(2, lba).u32(10, allocation)).assertGood();
    }
}
