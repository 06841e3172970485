package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AtomicWriteTest {

    private final TestDisk t = TestDisk.memory(1024);

    static Cdb atomic(long lba, int blocks) {
        return Cdb.of(Opcodes.WRITE_ATOMIC_16).u64(2, lba).u16(12, blocks);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 8, 256})
    void writesItsBlocksAtTheStartAndTheEnd(int blocks) {
        byte[] data = pattern(blocks, blocks);
        RecordingCommand c = t.run(atomic(0, blocks), data);
        c.assertGood();
        assertEquals(blocks * BLOCK, c.dataOutWanted());
        assertArrayEquals(data, t.get(0, blocks));
        t.run(atomic(1024 - blocks, blocks).u8(1, BlockCdb.DPO | BlockCdb.FUA), data).assertGood();
        assertArrayEquals(data, t.get(1024 - blocks, blocks));
    }

    @Test
    void zeroBlocksWritesNothingButItsLbaIsChecked() {
        t.run(atomic(0, 0)).assertGood();
        t.run(atomic(1024, 0)).assertOutOfRange();
        t.run(atomic(1L << 63, 0)).assertOutOfRange();
        t.run(atomic(-1L, 0)).assertOutOfRange();
    }

    @Test
    void rangesAreCheckedWithoutOverflow() {
        for (long lba : new long[] {1024, 1L << 63, -1L, -8L}) {
            t.run(atomic(lba, 1), filled(1, 1)).assertOutOfRange();
        }
        t.run(atomic(1016, 16), filled(16, 1)).assertOutOfRange();
        t.run(atomic(1023, 2), filled(2, 1)).assertOutOfRange();
        assertArrayEquals(new byte[8 * BLOCK], t.get(1016, 8), "nothing was written");
    }

    @Test
    void protectionInformationAndAtomicBoundariesAreRefused() {
        for (int protect = 1; protect < 8; protect++) {
            t.run(atomic(0, 1).u8(1, protect << 5), filled(1, 1)).assertInvalidField();
        }
        byte[] boundary = t.run(atomic(0, 1).u16(10, 1), filled(1, 1)).assertInvalidField().toFixedFormat();
        assertEquals(10, boundary[17], "points at ATOMIC BOUNDARY");
        assertArrayEquals(new byte[BLOCK], t.get(0, 1));
    }

    @Test
    void allOrNothingOfTheDataOut() {
        t.run(atomic(0, 4), filled(3, 1)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        t.run(atomic(0, 4), filled(5, 1)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        t.run(atomic(0, 4), new byte[4 * BLOCK - 1]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
        assertArrayEquals(new byte[5 * BLOCK], t.get(0, 5));
    }

    @Test
    void readOnlyDiskRefusesIt() {
        TestDisk ro = TestDisk.readOnly(16);
        ro.run(atomic(0, 1), filled(1, 1)).assertWriteProtected();
        assertArrayEquals(new byte[BLOCK], ro.get(0, 1));
    }

    @Test
    void withOneBlockPerPhysicalBlockAnyLengthUpToTheMaximumTransferIsAtomic() {
        long max = BlockLimits.MAX_TRANSFER_BYTES / BLOCK;
        TestDisk big = TestDisk.memory(2 * max);
        ByteBuffer vpd = PhysicalBlocksTest.blockLimits(big);
        assertEquals(max, vpd.getInt(44), "MAXIMUM ATOMIC TRANSFER LENGTH");
        assertEquals(vpd.getInt(8), vpd.getInt(44), "no more than the MAXIMUM TRANSFER LENGTH");
        assertEquals(0, vpd.getInt(48), "ATOMIC ALIGNMENT: none");
        assertEquals(0, vpd.getInt(52), "ATOMIC TRANSFER LENGTH GRANULARITY: none");
        assertEquals(0L, vpd.getLong(56), "no atomic boundaries");
        big.run(atomic(3, 5), filled(5, 2)).assertGood();
        big.run(atomic(0, (int) Math.min(max, 0xFFFF)), new byte[(int) Math.min(max, 0xFFFF) * BLOCK]).assertGood();
    }

    @Test
    void longerThanTheMaximumIsRefused() {
        TestDisk small = new TestDisk(new MemoryStore(65536L * 4096, 4096, false), Runnable::run, false);
        long max = PhysicalBlocksTest.blockLimits(small).getInt(44);
        assertEquals(BlockLimits.MAX_TRANSFER_BYTES / 4096, max);
        byte[] sense = small.run(atomic(0, (int) max + 1), new byte[(int) (max + 1) * 4096]).assertInvalidField().toFixedFormat();
        assertEquals(12, sense[17], "points at TRANSFER LENGTH");
        small.run(atomic(0, (int) max), new byte[(int) max * 4096]).assertGood();
    }

    @Test
    void withPhysicalBlocksAtomicWritesCoverWholePhysicalBlocks() {
        TestDisk d = PhysicalBlocksTest.disk(1024, 4096);
        ByteBuffer vpd = PhysicalBlocksTest.blockLimits(d);
        assertEquals(8, vpd.getInt(48), "ATOMIC ALIGNMENT: a physical block");
        assertEquals(8, vpd.getInt(52), "ATOMIC TRANSFER LENGTH GRANULARITY: a physical block");
        assertEquals(0, vpd.getInt(44) % 8, "the maximum is whole physical blocks");

        byte[] misaligned = d.run(atomic(1, 8), filled(8, 1)).assertInvalidField().toFixedFormat();
        assertEquals(2, misaligned[17], "points at the LBA");
        byte[] partial = d.run(atomic(0, 1), filled(1, 1)).assertInvalidField().toFixedFormat();
        assertEquals(12, partial[17], "points at TRANSFER LENGTH");
        d.run(atomic(8, 12), filled(12, 1)).assertInvalidField();
        assertArrayEquals(new byte[24 * BLOCK], d.get(0, 24), "nothing was written");

        d.run(atomic(8, 16), filled(16, 3)).assertGood();
        d.run(atomic(1016, 8), filled(8, 3)).assertGood();
        d.run(atomic(1024, 0)).assertOutOfRange();
        d.run(atomic(-8L, 8), filled(8, 3)).assertOutOfRange();
        assertArrayEquals(filled(16, 3), d.get(8, 16));
    }

    @Test
    void noOtherWriteLandsOnItsBlocksWhileItWrites() throws Exception {
        CountDownLatch halfWritten = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        TestDisk paused = new TestDisk(new ForwardingStore(new MemoryStore(8192L * BLOCK, BLOCK, false)) {
            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                if (!Thread.currentThread().getName().equals("atomic")) {
                    super.write(offset, src);
                    return;
                }
                int half = src.remaining() / 2;
                super.write(offset, src.slice(src.position(), half));
                halfWritten.countDown();
                await(proceed);
                super.write(offset + half, src.slice(src.position() + half, src.remaining() - half));
                src.position(src.limit());
            }
        }, Runnable::run, false);

        RecordingCommand atomic = new RecordingCommand(atomic(0, 4).bytes(), filled(4, 'A'));
        Thread atomicThread = new Thread(() -> paused.disk.execute(atomic), "atomic");
        atomicThread.start();
        assertTrue(halfWritten.await(10, TimeUnit.SECONDS));

        RecordingCommand write = new RecordingCommand(Cdb.block(Opcodes.WRITE_16, 2, 4).bytes(), filled(4, 'W'));
        Thread writer = new Thread(() -> paused.disk.execute(write), "writer");
        writer.start();
        RecordingCommand elsewhere = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 4096, 1).bytes(), filled(1, 'E'));
        paused.disk.execute(elsewhere);
        elsewhere.await().assertGood();
        writer.join(300);
        assertTrue(writer.isAlive(), "a WRITE overlapping the atomic write waits");
        assertNull(write.status());

        proceed.countDown();
        atomic.await().assertGood();
        write.await().assertGood();
        assertArrayEquals(filled(2, 'A'), paused.get(0, 2), "the atomic write's blocks the WRITE did not cover");
        assertArrayEquals(filled(4, 'W'), paused.get(2, 4), "the WRITE landed after the atomic write, whole");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
