package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jtgt.api.BackingStore;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** SANITIZE on a whole disk: each service action, every field check, and what the disk does while one runs and after. */
class SanitizeTest {

    private static final int IMMED = 0x80;
    private static final int AUSE = 0x20;
    /** Blocks in one chunk of a sanitize operation. */
    private static final int CHUNK = (int) (Sanitize.DEFAULT_CHUNK_BYTES / BLOCK);

    private final TestDisk t = TestDisk.memory(1024);

    static Cdb sanitize(int action, int flags, int length) {
        return Cdb.of(Opcodes.SANITIZE).u8(1, flags | action).u16(7, length);
    }

    /** An OVERWRITE parameter list: byte 0 (INVERT, TEST, OVERWRITE COUNT), the pattern length, the pattern. */
    static byte[] overwriteList(int first, byte[] pattern) {
        ByteBuffer b = ByteBuffer.allocate(4 + pattern.length);
        b.put(0, (byte) first).putShort(2, (short) pattern.length).put(4, pattern);
        return b.array();
    }

    private static RecordingCommand overwrite(TestDisk disk, int first, byte[] pattern) {
        byte[] list = overwriteList(first, pattern);
        return disk.run(sanitize(Opcodes.SA_OVERWRITE, 0, list.length), list);
    }

    // ---- OVERWRITE

    @Test
    void overwriteWritesThePatternToEveryBlock() {
        t.put(0, pattern(4, 1));
        t.put(1020, pattern(4, 2));
        overwrite(t, 1, filled(1, 0xAA)).assertGood();
        assertArrayEquals(filled(1024, 0xAA), t.get(0, 1024));
        assertArrayEquals(filled(2, 0xAA), t.run(Cdb.block(Opcodes.READ_16, 1022, 2)).assertGood(), "reads succeed afterwards");
    }

    @Test
    void aShortPatternIsRepeatedToFillEachBlock() {
        overwrite(t, 1, new byte[] {1, 2, 3}).assertGood();
        byte[] expected = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            expected[i] = (byte) (1 + i % 3);
        }
        for (long lba : new long[] {0, 511, 1023}) {
            assertArrayEquals(expected, t.get(lba, 1), "block " + lba);
        }
    }

    @Test
    void everyPassIsWrittenAndInvertAlternatesThePattern() {
        AtomicLong written = new AtomicLong();
        TestDisk counted = new TestDisk(new ForwardingStore(new MemoryStore(64 * BLOCK, BLOCK, false)) {
            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                written.addAndGet(src.remaining());
                super.write(offset, src);
            }
        }, Runnable::run, false);
        overwrite(counted, 3, filled(1, 0x0F)).assertGood();
        assertEquals(3 * 64 * BLOCK, written.get(), "three passes");
        assertArrayEquals(filled(64, 0x0F), counted.get(0, 64));
        overwrite(counted, 0x80 | 2, filled(1, 0x0F)).assertGood();
        assertArrayEquals(filled(64, 0xF0), counted.get(0, 64), "INVERT: the second pass writes it inverted");
        overwrite(counted, 0x80 | 3, filled(1, 0x0F)).assertGood();
        assertArrayEquals(filled(64, 0x0F), counted.get(0, 64), "and the third as given");
    }

    // ---- BLOCK ERASE and CRYPTOGRAPHIC ERASE

    @ParameterizedTest
    @ValueSource(ints = {Opcodes.SA_BLOCK_ERASE, Opcodes.SA_CRYPTOGRAPHIC_ERASE})
    void erasingAThinDiskReleasesEveryBlock(int action) {
        t.put(0, pattern(256, 3));
        t.put(768, pattern(256, 4));
        t.run(sanitize(action, 0, 0)).assertGood();
        assertArrayEquals(new byte[256 * BLOCK], t.run(Cdb.block(Opcodes.READ_16, 768, 256)).assertGood(), "zeros, as LBPRZ says");
        ByteBuffer status = ByteBuffer.wrap(t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_GET_LBA_STATUS).u32(10, 256))
                .assertGood());
        assertEquals(4 + 16, status.getInt(0), "one descriptor");
        assertEquals(0, status.getLong(8));
        assertEquals(1024, status.getInt(16), "the whole medium");
        assertEquals(1, status.get(20), "deallocated");
    }

    @Test
    void cryptographicEraseOfAFullyProvisionedDiskWritesZeros() {
        TestDisk full = new TestDisk(new ForwardingStore(new MemoryStore(64 * BLOCK, BLOCK, false)) {
            @Override
            public boolean supportsUnmap() {
                return false;
            }
        }, Runnable::run, false);
        full.put(0, pattern(64, 5));
        full.run(sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0, 0)).assertGood();
        assertArrayEquals(new byte[64 * BLOCK], full.get(0, 64));
        SenseData sense = full.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertInvalidField();
        assertEquals(1, sense.toFixedFormat()[17], "BLOCK ERASE only where blocks can be released: not here");
        assertEquals(0x10, vpdB1(full)[7], "WABEREQ 00b, WACEREQ 01b");
    }

    @Test
    void blockDeviceCharacteristicsSayReadsSucceedAfterEitherErase() {
        assertEquals(0x50, vpdB1(t)[7], "WABEREQ 01b, WACEREQ 01b");
        assertEquals((byte) 0xC0, t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 32)).assertGood()[14],
                "LBPME, LBPRZ: BLOCK ERASE leaves blocks that read as zeros");
    }

    private static byte[] vpdB1(TestDisk disk) {
        return disk.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0xB1).u16(3, 255)).assertGood();
    }

    // ---- field checks

    @Test
    void reservedCdbBitsAndBytesAreInvalidFields() {
        byte[] fixed = t.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0x40, 0)).assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xCE, fixed[15], "SKSV, C/D, BPV, bit 6");
        assertEquals(1, fixed[17]);
        for (int i = 2; i <= 6; i++) {
            fixed = t.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0).u8(i, i)).assertInvalidField().toFixedFormat();
            assertEquals(i, fixed[17], "byte " + i);
            byte[] list = overwriteList(1, filled(1, 0xAA));
            t.run(sanitize(Opcodes.SA_OVERWRITE, 0, list.length).u8(i, 1), list).assertInvalidField();
        }
        t.put(0, pattern(1, 6));
        assertArrayEquals(pattern(1, 6), t.get(0, 1), "nothing was sanitized");
    }

    @Test
    void serviceActionsOtherThanTheFourAreInvalidFields() {
        for (int action = 0; action < 0x1F; action++) {
            if (action >= Opcodes.SA_OVERWRITE && action <= Opcodes.SA_CRYPTOGRAPHIC_ERASE) {
                continue;
            }
            byte[] fixed = t.run(sanitize(action, 0, 0)).assertInvalidField().toFixedFormat();
            assertEquals((byte) 0xCC, fixed[15], "SKSV, C/D, BPV, bit 4");
            assertEquals(1, fixed[17], "the service action field");
        }
    }

    @Test
    void parameterListLengthMustFitTheServiceAction() {
        byte[] big = new byte[BLOCK + 8];
        big[0] = 1;
        big[3] = 4;
        for (int length : new int[] {0, 1, 2, 3, 4, BLOCK + 5}) {
            byte[] fixed = t.run(sanitize(Opcodes.SA_OVERWRITE, 0, length), big).assertInvalidField().toFixedFormat();
            assertEquals(7, fixed[17], "PARAMETER LIST LENGTH " + length);
        }
        for (int action : new int[] {Opcodes.SA_BLOCK_ERASE, Opcodes.SA_CRYPTOGRAPHIC_ERASE, Opcodes.SA_EXIT_FAILURE_MODE}) {
            t.run(sanitize(action, 0, 8), new byte[8]).assertInvalidField();
        }
        overwrite(t, 1, filled(1, 0xAA)).assertGood();
        byte[] list = overwriteList(1, new byte[] {1, 2, 3, 4});
        t.run(sanitize(Opcodes.SA_OVERWRITE, 0, list.length), list).assertGood();
        list = overwriteList(1, filled(1, 0x55));
        t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), list).assertGood();
    }

    @Test
    void overwriteParameterListChecks() {
        t.put(0, pattern(1, 7));
        byte[] block = filled(1, 0xAA);
        t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), overwriteList(0, block)).assertInvalidField();   // OVERWRITE COUNT 0
        assertEquals(6, listPointer(t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), overwriteList(0x21, block))), "TEST");
        byte[] reserved = overwriteList(1, block);
        reserved[1] = 1;
        assertEquals(1 << 8, listPointer(t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), reserved)), "reserved byte 1");
        byte[] none = overwriteList(1, block);
        none[2] = 0;
        none[3] = 0;
        assertEquals(2 << 8, listPointer(t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), none)), "pattern length 0");
        byte[] longer = ByteBuffer.wrap(overwriteList(1, block)).putShort(2, (short) (BLOCK + 4)).array();
        assertEquals(2 << 8, listPointer(t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), longer)), "longer than a block");
        byte[] beyond = overwriteList(1, new byte[16]);
        assertEquals(2 << 8, listPointer(t.run(sanitize(Opcodes.SA_OVERWRITE, 0, 12), beyond)), "longer than the list");
        t.run(sanitize(Opcodes.SA_OVERWRITE, 0, BLOCK + 4), overwriteList(1, new byte[4]))
                .assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);                     // the initiator sent less than the list
        assertArrayEquals(pattern(1, 7), t.get(0, 1), "nothing was sanitized");
    }

    /** The field pointer of INVALID FIELD IN PARAMETER LIST: its byte << 8 | its bit (0 without a bit pointer). */
    private static int listPointer(RecordingCommand c) {
        byte[] fixed = c.assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00).toFixedFormat();
        assertEquals(0, fixed[15] & 0x40, "C/D 0: in the parameter list");
        return fixed[17] << 8 | ((fixed[15] & 0x08) != 0 ? fixed[15] & 0x07 : 0);
    }

    @Test
    void aWriteProtectedDiskRefusesEveryEraseAndOverwrite() {
        TestDisk ro = TestDisk.readOnly(64);
        ro.put(0, pattern(64, 8));
        overwrite(ro, 1, filled(1, 0xAA)).assertWriteProtected();
        ro.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertWriteProtected();
        ro.run(sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0, 0)).assertWriteProtected();
        assertArrayEquals(pattern(64, 8), ro.get(0, 64));
        t.disk.setReadOnly(true);
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
        t.run(sanitize(Opcodes.SA_BLOCK_ERASE, IMMED, 0)).assertWriteProtected();
    }

    @Test
    void anotherNexusReservationConflicts() {
        Nexus holder = TestDisk.nexus(2);
        t.login(holder);
        t.run(holder, Cdb.of(Opcodes.RESERVE_6), null).assertGood();
        t.put(0, pattern(1, 9));
        overwrite(t, 1, filled(1, 0xAA)).assertConflict();
        t.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertConflict();
        t.run(sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0, 0)).assertConflict();
        assertArrayEquals(pattern(1, 9), t.get(0, 1));
        t.run(holder, sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0), null).assertGood();
    }

    // ---- while an operation runs

    /** A thin disk of four chunks whose sanitize chunks run only when the test says so. */
    private static final class Paused {
        final ManualExecutor executor = new ManualExecutor();
        final TestDisk t = new TestDisk(new MemoryStore(4L * CHUNK * BLOCK, BLOCK, false), executor, false);
    }

    @Test
    void commandsGetNotReadyWithTheProgressWhileItRuns() {
        Paused p = new Paused();
        Nexus other = TestDisk.nexus(3);
        p.t.login(other);
        p.t.put(0, pattern(1, 10));
        RecordingCommand erase = new RecordingCommand(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0).bytes(), null);
        p.t.disk.execute(erase);
        assertNull(erase.status(), "it waits for the operation (IMMED 0)");
        assertEquals(0, notReady(p.t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null)));
        p.executor.runNext();
        assertEquals(0x4000, notReady(p.t.run(other, Cdb.block(Opcodes.READ_10, 0, 1), null)), "a quarter done");
        p.executor.runNext();
        for (Cdb cdb : new Cdb[] {Cdb.of(Opcodes.TEST_UNIT_READY), Cdb.block(Opcodes.READ_16, 0, 1), Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 1),
            Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255), Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_READ_CAPACITY_16).u32(10, 32),
            Cdb.of(Opcodes.RESERVE_6), sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0, 0), sanitize(Opcodes.SA_EXIT_FAILURE_MODE, 0, 0)}) {
            assertEquals(0x8000, notReady(p.t.run(other, cdb, null)), "half done");
            assertEquals(0x8000, notReady(p.t.run(cdb, null)), "for the nexus that started it too");
        }
        assertEquals(0x8000, notReady(p.t.run(other, Cdb.block(Opcodes.WRITE_10, 0, 1), filled(1, 1))));
        p.t.run(other, Cdb.of(Opcodes.INQUIRY).u16(3, 96), null).assertGood();
        byte[] sense = p.t.run(other, Cdb.of(Opcodes.REQUEST_SENSE).u8(4, 252), null).assertGood();
        assertArrayEquals(new byte[] {0x70, 0, 0x02}, java.util.Arrays.copyOf(sense, 3), "REQUEST SENSE: NOT READY");
        assertArrayEquals(new byte[] {0x04, 0x1B, 0, (byte) 0x80, (byte) 0x80, 0}, java.util.Arrays.copyOfRange(sense, 12, 18),
                "SANITIZE IN PROGRESS, SKSV, progress 8000h");
        byte[] descriptor = p.t.run(other, Cdb.of(Opcodes.REQUEST_SENSE).u8(1, 1).u8(4, 252), null).assertGood();
        assertArrayEquals(new byte[] {0x72, 0x02, 0x04, 0x1B}, java.util.Arrays.copyOf(descriptor, 4));
        assertArrayEquals(new byte[] {0x02, 0x06, 0, 0, (byte) 0x80, (byte) 0x80, 0}, java.util.Arrays.copyOfRange(descriptor, 8, 15));
        assertNull(erase.status());
        p.executor.runAll();
        erase.assertGood();
        p.t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
        assertArrayEquals(new byte[BLOCK], p.t.run(other, Cdb.block(Opcodes.READ_10, 0, 1), null).assertGood());
        assertEquals(0, p.t.run(Cdb.of(Opcodes.REQUEST_SENSE).u8(4, 252)).assertGood()[2], "NO SENSE once it ended");
    }

    /** Asserts NOT READY, SANITIZE IN PROGRESS; returns the progress indication. */
    private static int notReady(RecordingCommand c) {
        SenseData s = c.assertCheck(SenseKey.NOT_READY, 0x04, 0x1B);
        assertTrue(s.progress() >= 0, "a progress indication");
        return s.progress();
    }

    @Test
    void aPendingUnitAttentionIsReportedBeforeNotReady() {
        Paused p = new Paused();
        Nexus other = TestDisk.nexus(4);
        p.t.login(other);
        p.t.run(sanitize(Opcodes.SA_BLOCK_ERASE, IMMED, 0)).assertGood();
        p.t.disk.reset(ResetKind.LOGICAL_UNIT, RecordingCommand.NEXUS);
        p.t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x03);
        notReady(p.t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null));
        p.executor.runAll();
        p.t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
    }

    @Test
    void immedReportsGoodAtOnceAndTheOperationGoesOn() {
        Paused p = new Paused();
        p.t.put(0, pattern(1, 11));
        byte[] list = overwriteList(1, filled(1, 0x3C));
        p.t.run(sanitize(Opcodes.SA_OVERWRITE, IMMED, list.length), list).assertGood();
        assertEquals(0, notReady(p.t.run(Cdb.of(Opcodes.TEST_UNIT_READY))));
        assertEquals(4, p.executor.runAll(), "four chunks, a task each");
        p.t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
        assertArrayEquals(filled(1, 0x3C), p.t.get(0, 1));
        assertArrayEquals(filled(1, 0x3C), p.t.get(4L * CHUNK - 1, 1));
    }

    @Test
    void abortResetsAndNexusLossLeaveTheOperationRunning() {
        Paused p = new Paused();
        p.t.put(0, pattern(1, 12));
        RecordingCommand erase = new RecordingCommand(sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0, 0).bytes(), null);
        p.t.disk.execute(erase);
        p.executor.runNext();
        erase.abort();
        p.t.disk.reset(ResetKind.LOGICAL_UNIT, RecordingCommand.NEXUS);
        p.t.disk.reset(ResetKind.TARGET_COLD, RecordingCommand.NEXUS);
        p.t.disk.nexusLost(RecordingCommand.NEXUS);
        Nexus again = TestDisk.nexus(5);
        p.t.run(again, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
        assertEquals(0x4000, notReady(p.t.run(again, Cdb.of(Opcodes.TEST_UNIT_READY), null)), "still going");
        p.executor.runAll();
        erase.assertGood();
        p.t.run(again, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
        assertArrayEquals(new byte[BLOCK], p.t.get(0, 1));
    }

    @Test
    void aWriteThatWasUnderWayWhenItBeganFailsInsteadOfLandingOnSanitizedBlocks() {
        ManualExecutor executor = new ManualExecutor();
        TestDisk blocking = new TestDisk(new ForwardingStore(new MemoryStore(64 * BLOCK, BLOCK, false)) {
            @Override
            public boolean blocking() {
                return true;
            }
        }, executor, false);
        RecordingCommand write = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 0, 1).bytes(), filled(1, 0x77));
        blocking.disk.execute(write);
        assertEquals(1, executor.pending(), "the write waits on the store executor");
        byte[] list = overwriteList(1, filled(1, 0x11));
        RecordingCommand overwrite = new RecordingCommand(sanitize(Opcodes.SA_OVERWRITE, 0, list.length).bytes(), list);
        blocking.disk.execute(overwrite);
        executor.runNext();
        notReady(write);
        executor.runAll();
        overwrite.assertGood();
        assertArrayEquals(filled(64, 0x11), blocking.get(0, 64));
    }

    @Test
    void otherNexusesAreAnsweredWhileALongSanitizeHoldsTheStoreExecutor() throws Exception {
        CountDownLatch inStore = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            TestDisk slow = new TestDisk(new ForwardingStore(new MemoryStore(64 * BLOCK, BLOCK, false)) {
                @Override
                public void unmap(long offset, long length) throws IOException {
                    inStore.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    super.unmap(offset, length);
                }
            }, executor, false);
            Nexus[] others = {TestDisk.nexus(6), TestDisk.nexus(7)};
            for (Nexus n : others) {
                slow.login(n);
            }
            RecordingCommand erase = new RecordingCommand(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0).bytes(), null);
            slow.disk.execute(erase);                        // returns: the operation runs on the executor
            assertTrue(inStore.await(10, TimeUnit.SECONDS), "the operation reached the store");
            for (Nexus n : others) {
                notReady(slow.run(n, Cdb.of(Opcodes.TEST_UNIT_READY), null));
                notReady(slow.run(n, Cdb.block(Opcodes.READ_10, 0, 1), null));
                notReady(slow.run(n, Cdb.block(Opcodes.WRITE_10, 0, 1), filled(1, 2)));
                notReady(slow.run(n, sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0), null));
                slow.run(n, Cdb.of(Opcodes.INQUIRY).u16(3, 96), null).assertGood();
            }
            assertNull(erase.status());
            release.countDown();
            erase.await().assertGood();
            slow.run(others[0], Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
        } finally {
            release.countDown();
            executor.shutdownNow();
        }
    }

    // ---- failure mode

    /** A thin memory store whose writes and releases fail while {@code failing} is set. */
    private static final class Flaky extends ForwardingStore {
        final AtomicBoolean failing = new AtomicBoolean();

        Flaky(BackingStore inner) {
            super(inner);
        }

        @Override
        public void unmap(long offset, long length) throws IOException {
            if (failing.get()) {
                throw new IOException("the medium is gone");
            }
            super.unmap(offset, length);
        }
    }

    @Test
    void aFailedOperationLeavesTheFailureModeUntilASanitizeSucceeds() {
        Flaky store = new Flaky(new MemoryStore(64 * BLOCK, BLOCK, false));
        TestDisk f = new TestDisk(store, Runnable::run, false);
        store.failing.set(true);
        f.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        f.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        f.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        f.run(Cdb.of(Opcodes.INQUIRY).u16(3, 96)).assertGood();
        byte[] sense = f.run(Cdb.of(Opcodes.REQUEST_SENSE).u8(4, 252)).assertGood();
        assertArrayEquals(new byte[] {0x03, 0x31, 0x03}, new byte[] {sense[2], sense[12], sense[13]});
        SenseData refused = f.run(sanitize(Opcodes.SA_EXIT_FAILURE_MODE, 0, 0)).assertInvalidField();
        assertEquals(1, refused.toFixedFormat()[17], "without AUSE only a new sanitize ends it");
        store.failing.set(false);
        f.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertGood();
        f.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
    }

    @Test
    void exitFailureModeEndsTheFailureModeOfAnOperationWithAuse() {
        Flaky store = new Flaky(new MemoryStore(64 * BLOCK, BLOCK, false));
        TestDisk f = new TestDisk(store, Runnable::run, false);
        f.run(sanitize(Opcodes.SA_EXIT_FAILURE_MODE, 0, 0)).assertGood();          // nothing to leave
        store.failing.set(true);
        f.run(sanitize(Opcodes.SA_CRYPTOGRAPHIC_ERASE, AUSE | IMMED, 0)).assertGood();  // IMMED: the failure comes later
        f.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        f.run(sanitize(Opcodes.SA_EXIT_FAILURE_MODE, 0, 0)).assertGood();
        f.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
        f.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
    }

    // ---- the executor and the disk's life

    @Test
    void aFullStoreExecutorAnswersBusyAndChangesNothing() {
        TestDisk busy = new TestDisk(new MemoryStore(64 * BLOCK, BLOCK, false), r -> {
            throw new RejectedExecutionException("full");
        }, false);
        busy.put(0, pattern(1, 13));
        busy.run(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0)).assertStatus(ScsiStatus.BUSY);
        busy.run(sanitize(Opcodes.SA_BLOCK_ERASE, IMMED, 0)).assertStatus(ScsiStatus.BUSY);
        busy.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
        assertArrayEquals(pattern(1, 13), busy.get(0, 1));
    }

    @Test
    void closingTheDiskEndsTheOperationBeforeItsNextChunk() throws IOException {
        AtomicLong released = new AtomicLong();
        AtomicBoolean closed = new AtomicBoolean();
        ManualExecutor executor = new ManualExecutor();
        TestDisk c = new TestDisk(new ForwardingStore(new MemoryStore(4L * CHUNK * BLOCK, BLOCK, false)) {
            @Override
            public void unmap(long offset, long length) throws IOException {
                assertFalse(closed.get(), "no store call after close");
                released.addAndGet(length);
                super.unmap(offset, length);
            }

            @Override
            public void close() throws IOException {
                closed.set(true);
                super.close();
            }
        }, executor, false);
        RecordingCommand erase = new RecordingCommand(sanitize(Opcodes.SA_BLOCK_ERASE, 0, 0).bytes(), null);
        c.disk.execute(erase);
        executor.runNext();
        c.disk.close();
        executor.runAll();
        erase.assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        assertEquals((long) CHUNK * BLOCK, released.get(), "one chunk before the close, none after");
    }
}
