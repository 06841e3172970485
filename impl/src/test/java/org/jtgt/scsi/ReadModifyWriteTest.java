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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReadModifyWriteTest {

    private final TestDisk t = TestDisk.memory(1024);

    // ---- COMPARE AND WRITE

    @ParameterizedTest
    @ValueSource(ints = {1, 17, 255})
    void writesWhenTheMediumMatches(int blocks) {
        t.put(1024 - blocks, filled(blocks, 'A'));
        RecordingCommand c = t.run(caw(1024 - blocks, blocks), concat(filled(blocks, 'A'), filled(blocks, 'B')));
        c.assertGood();
        assertEquals(2 * blocks * BLOCK, c.dataOutWanted());
        assertArrayEquals(filled(blocks, 'B'), t.get(1024 - blocks, blocks));
    }

    @Test
    void miscompareWritesNothingAndPointsAtTheFirstDifference() {
        t.put(0, filled(4, 'A'));
        byte[] expected = filled(4, 'A');
        expected[4 * BLOCK - 27] = 'C';
        expected[4 * BLOCK - 3] = 'C';
        SenseData sense = t.run(caw(0, 4), concat(expected, filled(4, 'B'))).assertCheck(SenseKey.MISCOMPARE, 0x1D, 0x00);
        assertEquals(4L * BLOCK - 27, sense.information());
        assertArrayEquals(filled(4, 'A'), t.get(0, 4));
    }

    @Test
    void zeroBlocksIsNoOperationButItsLbaIsChecked() {
        t.run(caw(0, 0)).assertGood();
        t.run(caw(1024, 0)).assertOutOfRange();
    }

    @Test
    void rangeLengthProtectionAndDataOutAreChecked() {
        for (long lba : new long[] {1024, 1L << 63, -1L}) {
            t.run(caw(lba, 1), new byte[2 * BLOCK]).assertOutOfRange();
        }
        t.run(caw(1023, 2), new byte[4 * BLOCK]).assertOutOfRange();
        for (int protect = 1; protect < 8; protect++) {
            t.run(caw(0, 1).u8(1, protect << 5), new byte[2 * BLOCK]).assertInvalidField();
        }
        byte[] sizes = t.run(caw(0, 2), new byte[3 * BLOCK]).assertInvalidField().toFixedFormat();
        assertEquals(13, sizes[17], "points at NUMBER OF LOGICAL BLOCKS");
        t.run(caw(0, 1), new byte[4 * BLOCK]).assertInvalidField();
        t.put(0, filled(1, 'A'));
        t.run(caw(0, 0), concat(filled(256, 'A'), filled(256, 'B'))).assertInvalidField();
        assertArrayEquals(filled(1, 'A'), t.get(0, 1), "256 blocks meant, 0 said: refused");
        t.run(caw(0, 1).u8(1, BlockCdb.DPO | BlockCdb.FUA), concat(filled(1, 'A'), filled(1, 1))).assertGood();
    }

    @Test
    void maximumLengthIsReported() {
        byte[] b0 = t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0xB0).u16(3, 255)).assertGood();
        assertEquals(255, b0[5] & 0xFF);
    }

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        int threads = 8;
        int increments = 300;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> retries = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int i = 0; i < threads; i++) {
                retries.add(pool.submit(() -> {
                    start.await();
                    int misses = 0;
                    for (int n = 0; n < increments;) {
                        byte[] current = t.run(Cdb.block(Opcodes.READ_10, 7, 1)).assertGood();
                        byte[] next = current.clone();
                        ByteBuffer.wrap(next).putLong(100, ByteBuffer.wrap(current).getLong(100) + 1);
                        RecordingCommand c = t.run(caw(7, 1), concat(current, next));
                        if (c.status() == ScsiStatus.GOOD) {
                            n++;
                        } else {
                            c.assertCheck(SenseKey.MISCOMPARE, 0x1D, 0x00);
                            misses++;
                        }
                    }
                    return misses;
                }));
            }
            start.countDown();
            int misses = 0;
            for (Future<Integer> f : retries) {
                misses += f.get(60, TimeUnit.SECONDS);
            }
            assertEquals((long) threads * increments, ByteBuffer.wrap(t.get(7, 1)).getLong(100), "increments after " + misses + " retries");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void noWriteLandsBetweenTheCompareAndTheWrite() throws Exception {
        CountDownLatch comparing = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        TestDisk paused = new TestDisk(new ForwardingStore(new MemoryStore(8192L * BLOCK, BLOCK, false)) {
            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                super.read(offset, dst);
                if (Thread.currentThread().getName().equals("caw")) {
                    comparing.countDown();
                    await(proceed);
                }
            }
        }, Runnable::run, false);
        paused.put(0, filled(1, 'A'));

        RecordingCommand caw = new RecordingCommand(caw(0, 1).bytes(), concat(filled(1, 'A'), filled(1, 'B')));
        Thread cawThread = new Thread(() -> paused.disk.execute(caw), "caw");
        cawThread.start();
        assertTrue(comparing.await(10, TimeUnit.SECONDS));

        RecordingCommand write = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 0, 1).bytes(), filled(1, 'W'));
        Thread writer = new Thread(() -> paused.disk.execute(write), "writer");
        writer.start();
        RecordingCommand elsewhere = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 4096, 1).bytes(), filled(1, 'E'));
        paused.disk.execute(elsewhere);
        elsewhere.await().assertGood();
        writer.join(300);
        assertTrue(writer.isAlive(), "a WRITE to the compared block waits");
        assertFalse(caw.status() != null);

        proceed.countDown();
        caw.await().assertGood();
        write.await().assertGood();
        assertArrayEquals(filled(1, 'W'), paused.get(0, 1), "the WRITE landed after the COMPARE AND WRITE");
    }

    // ---- ORWRITE

    @Test
    void orWriteOrsIntoTheMedium() {
        t.put(1022, filled(2, 0x00));
        t.run(Cdb.block(Opcodes.ORWRITE_16, 1022, 2), filled(2, 0xA5)).assertGood();
        assertArrayEquals(filled(2, 0xA5), t.get(1022, 2));
        t.run(Cdb.block(Opcodes.ORWRITE_16, 1022, 2).u8(1, BlockCdb.FUA), filled(2, 0x5A)).assertGood();
        assertArrayEquals(filled(2, 0xFF), t.get(1022, 2));

        byte[] data = pattern(200, 3);
        t.put(0, filled(200, 0x01));
        t.run(Cdb.block(Opcodes.ORWRITE_16, 0, 200), data).assertGood();
        byte[] medium = t.get(0, 200);
        for (int i = 0; i < data.length; i++) {
            assertEquals((byte) (data[i] | 1), medium[i], "byte " + i);
        }
    }

    @Test
    void orWriteChecksLikeAWrite() {
        t.run(Cdb.block(Opcodes.ORWRITE_16, 0, 0)).assertGood();
        for (long lba : new long[] {1024, 1025, 1L << 63, -1L}) {
            t.run(Cdb.block(Opcodes.ORWRITE_16, lba, 0)).assertOutOfRange();
            t.run(Cdb.block(Opcodes.ORWRITE_16, lba, 1), filled(1, 1)).assertOutOfRange();
        }
        t.run(Cdb.block(Opcodes.ORWRITE_16, 1023, 2), filled(2, 1)).assertOutOfRange();
        for (int protect = 1; protect < 8; protect++) {
            t.run(Cdb.block(Opcodes.ORWRITE_16, 0, 1).u8(1, protect << 5), filled(1, 1)).assertInvalidField();
        }
        TestDisk ro = TestDisk.readOnly(16);
        ro.run(Cdb.block(Opcodes.ORWRITE_16, 0, 1), filled(1, 1)).assertWriteProtected();
        ro.run(caw(0, 1), new byte[2 * BLOCK]).assertWriteProtected();
    }

    @Test
    void concurrentOrWritesLoseNoBits() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int bit = 0; bit < threads; bit++) {
                int mask = 1 << bit;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < BLOCK; i++) {
                        byte[] one = new byte[BLOCK];
                        one[i] = (byte) mask;
                        t.run(Cdb.block(Opcodes.ORWRITE_16, 9, 1), one).assertGood();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertArrayEquals(filled(1, 0xFF), t.get(9, 1));
        } finally {
            pool.shutdownNow();
        }
    }

    private static Cdb caw(long lba, int blocks) {
        return Cdb.of(Opcodes.COMPARE_AND_WRITE).u64(2, lba).u8(13, blocks);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
