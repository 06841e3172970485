package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.jtgt.api.BackingStore;
import org.jtgt.store.MemoryStore;
import org.jtgt.store.NullStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logical blocks per physical block: what a disk reports and aligns to for a store's physical block size. */
class PhysicalBlocksTest {

    private static final int CHUNK = new MemoryStore(BLOCK, BLOCK, false).unmapGranularity();

    static TestDisk disk(long blocks, int physicalBlockSize) {
        return new TestDisk(new MemoryStore(blocks * BLOCK, BLOCK, physicalBlockSize, false), Runnable::run, false);
    }

    static ByteBuffer readCapacity16(TestDisk t) {
        return ByteBuffer.wrap(t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 32)).assertGood());
    }

    static ByteBuffer blockLimits(TestDisk t) {
        return ByteBuffer.wrap(t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0xB0).u16(3, 255)).assertGood());
    }

    @ParameterizedTest
    @ValueSource(ints = {512, 1024, 4096, 65536})
    void readCapacity16ReportsTheExponentWithLowestAlignedLbaZero(int physical) {
        ByteBuffer rc = readCapacity16(disk(1024, physical));
        assertEquals(Integer.numberOfTrailingZeros(physical / BLOCK), rc.get(13) & 0x0F, "LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT");
        assertEquals(0, rc.getShort(14) & 0x3FFF, "LOWEST ALIGNED LOGICAL BLOCK ADDRESS");
        assertEquals(0xC0, rc.get(14) & 0xC0, "LBPME and LBPRZ untouched");
    }

    @Test
    void blockLimitsAlignTransfersAndUnmapsToPhysicalBlocks() {
        ByteBuffer one = blockLimits(disk(1024, BLOCK));
        assertEquals(1, one.getShort(6), "OPTIMAL TRANSFER LENGTH GRANULARITY: one block");
        assertEquals(CHUNK / BLOCK, one.getInt(28), "OPTIMAL UNMAP GRANULARITY: the store's unit");
        assertEquals(0x8000_0000, one.getInt(32), "UGAVALID, alignment 0");

        ByteBuffer eight = blockLimits(disk(1024, 4096));
        assertEquals(8, eight.getShort(6));
        assertEquals(CHUNK / BLOCK, eight.getInt(28), "a chunk is already whole physical blocks");

        ByteBuffer huge = blockLimits(disk(4096, 1 << 20));
        assertEquals(2048, huge.getShort(6));
        assertEquals(2048, huge.getInt(28), "a physical block larger than the store's unit is the granularity");

        ByteBuffer full = blockLimits(new TestDisk(new NullStore(1024L * BLOCK, BLOCK, 4096, false), Runnable::run, false));
        assertEquals(8, full.getShort(6));
        assertEquals(0, full.getInt(28), "not thin provisioned: no unmap granularity");
        assertEquals(0, full.getInt(32), "nor alignment");
    }

    @Test
    void unalignedUnmapsStillWorkAndZeroExactlyTheirBlocks() {
        TestDisk t = disk(1024, 4096);
        for (int i = 1; i < 8; i++) {
            t.put(0, filled(8, 0xFF));
            t.run(Cdb.block(Opcodes.WRITE_SAME_16, i, 8 - i).u8(1, 0x09)).assertGood();
            byte[] expected = filled(8, 0xFF);
            java.util.Arrays.fill(expected, i * BLOCK, 8 * BLOCK, (byte) 0);
            assertArrayEquals(expected, t.get(0, 8), "unmap of blocks " + i + "..7");
        }
    }

    @Test
    void aStoreWithAnImpossiblePhysicalBlockIsRefused() {
        for (int physical : new int[] {256, 1536, 3 * 4096, 16 << 20}) {
            BackingStore store = new MemoryStore(64L << 20, BLOCK, physical, false);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Medium(store, false, new ModeParameters(), new SanitizeProgress()), "" + physical);
            assertTrue(e.getMessage().contains("physical block size"), e.getMessage());
        }
    }
}
