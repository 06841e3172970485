package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.jtgt.api.BackingStore;
import org.jtgt.api.MediumErrorException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

class ScsiDiskTest {

    @Test
    void unknownOpcodeIsInvalidCommandOperationCode() {
        TestDisk t = TestDisk.memory(16);
        t.run(Cdb.of(0xE5)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    }

    @Test
    void unknownServiceActionPointsAtTheServiceActionField() {
        TestDisk t = TestDisk.memory(16);
        SenseData sense = t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, 0x1F)).assertInvalidField();
        byte[] fixed = sense.toFixedFormat();
        assertEquals((byte) 0xCC, fixed[15], "SKSV, C/D, BPV, bit 4");
        assertEquals(1, fixed[17]);
    }

    @Test
    void blockingStoreWorkRunsOnTheExecutor() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "store-executor"));
        try {
            TestDisk t = new TestDisk(new OnExecutorStore(new MemoryStore(64 * TestDisk.BLOCK, TestDisk.BLOCK, false)), executor, false);
            byte[] data = TestDisk.pattern(2, 9);
            t.run(Cdb.block(Opcodes.WRITE_10, 3, 2).u8(1, BlockCdb.FUA), data).assertGood();
            assertArrayEquals(data, t.run(Cdb.block(Opcodes.READ_16, 3, 2)).assertGood());
            t.run(Cdb.block(Opcodes.SYNCHRONIZE_CACHE_10, 0, 0)).assertGood();
            t.run(Cdb.block(Opcodes.VERIFY_12, 3, 2).u8(1, 0x02), data).assertGood();
            t.run(Cdb.block(Opcodes.WRITE_AND_VERIFY_16, 5, 2).u8(1, 0x02), data).assertGood();
            t.run(Cdb.of(Opcodes.START_STOP_UNIT)).assertGood();
            t.run(Cdb.block(Opcodes.WRITE_SAME_16, 8, 20), java.util.Arrays.copyOf(data, TestDisk.BLOCK)).assertGood();
            t.run(Cdb.of(Opcodes.COMPARE_AND_WRITE).u64(2, 8).u8(13, 2), ByteBuffer.allocate(4 * TestDisk.BLOCK)
                    .put(data, 0, TestDisk.BLOCK).put(data, 0, TestDisk.BLOCK).array()).assertGood();
            t.run(Cdb.block(Opcodes.ORWRITE_16, 30, 2), data).assertGood();
            t.run(Cdb.block(Opcodes.WRITE_SAME_10, 8, 20).u8(1, 0x08), new byte[TestDisk.BLOCK]).assertGood();
            t.run(ProvisioningTest.unmapCdb(24), ProvisioningTest.unmapList(0, 2)).assertGood();
            t.run(Cdb.of(Opcodes.SERVICE_ACTION_IN_16).u8(1, Opcodes.SA_GET_LBA_STATUS).u32(10, 64)).assertGood();
            t.run(AtomicWriteTest.atomic(40, 2), data).assertGood();
            byte[] copy = CopyList.of(1, 0).cscd(CopyList.naa(t), TestDisk.BLOCK).segment(0, 0, 2, 3, 50).bytes();
            t.run(CopyList.cdb(copy.length), copy).assertGood();
            assertArrayEquals(data, t.run(Cdb.block(Opcodes.READ_10, 50, 2)).assertGood());
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void fullExecutorAnswersBusy() {
        TestDisk t = new TestDisk(new OnExecutorStore(new MemoryStore(64 * TestDisk.BLOCK, TestDisk.BLOCK, false)), r -> {
            throw new RejectedExecutionException("full");
        }, false);
        RecordingCommand c = t.run(Cdb.block(Opcodes.READ_10, 0, 1));
        assertEquals(ScsiStatus.BUSY, c.status());
    }

    @Test
    void storeErrorsBecomeMediumErrorsWithTheLba() {
        TestDisk t = new TestDisk(new FailingStore(64, 5), Runnable::run, false);
        SenseData read = t.run(Cdb.block(Opcodes.READ_10, 4, 2)).assertCheck(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
        assertEquals(5L, read.information());
        SenseData write = t.run(Cdb.block(Opcodes.WRITE_10, 4, 2), new byte[1024]).assertCheck(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
        assertEquals(5L, write.information());
    }

    @Test
    void abortedCommandDoesNoWork() {
        TestDisk t = TestDisk.memory(16);
        RecordingCommand c = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 0, 1).bytes(), TestDisk.filled(1, 7));
        c.abort();
        t.disk.execute(c);
        assertEquals(ScsiStatus.TASK_ABORTED, c.await().status());
        assertArrayEquals(new byte[TestDisk.BLOCK], t.get(0, 1));
    }

    /** A memory store that says it blocks and fails any call that is not on the store executor. */
    static final class OnExecutorStore extends ForwardingStore {

        OnExecutorStore(BackingStore inner) {
            super(inner);
        }

        private static void check() {
            assertTrue(Thread.currentThread().getName().equals("store-executor"), "store call on " + Thread.currentThread().getName());
        }

        @Override
        public boolean blocking() {
            return true;
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            check();
            super.read(offset, dst);
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            check();
            super.write(offset, src);
        }

        @Override
        public void flush() throws IOException {
            check();
            super.flush();
        }

        @Override
        public void unmap(long offset, long length) throws IOException {
            check();
            super.unmap(offset, length);
        }

        @Override
        public boolean allocated(long offset) throws IOException {
            check();
            return super.allocated(offset);
        }

        @Override
        public long allocationRunEnd(long offset, long limit) throws IOException {
            check();
            return super.allocationRunEnd(offset, limit);
        }
    }

    /** A store whose block {@code bad} cannot be read or written. */
    static final class FailingStore implements BackingStore {
        private final long blocks;
        private final long bad;

        FailingStore(long blocks, long bad) {
            this.blocks = blocks;
            this.bad = bad;
        }

        @Override
        public long size() {
            return blocks * TestDisk.BLOCK;
        }

        @Override
        public boolean blocking() {
            return false;
        }

        @Override
        public void read(long offset, ByteBuffer dst) throws IOException {
            fail(offset, dst.remaining());
        }

        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            fail(offset, src.remaining());
        }

        private void fail(long offset, int length) throws MediumErrorException {
            long at = bad * TestDisk.BLOCK;
            if (offset <= at && at < offset + length) {
                throw new MediumErrorException(at, "bad block " + bad);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
