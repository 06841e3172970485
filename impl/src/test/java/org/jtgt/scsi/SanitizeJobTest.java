package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

/** The chunks of one operation, on a medium of 16 blocks, in chunks of 5: 5, 5, 5 and 1 block. */
class SanitizeJobTest {

    private final List<String> calls = new ArrayList<>();
    private final MemoryStore memory = new MemoryStore(16 * BLOCK, BLOCK, false);
    private final ForwardingStore store = new ForwardingStore(memory) {
        @Override
        public void write(long offset, ByteBuffer src) throws IOException {
            calls.add("write " + offset / BLOCK + "+" + src.remaining() / BLOCK);
            super.write(offset, src);
        }

        @Override
        public void unmap(long offset, long length) throws IOException {
            calls.add("release " + offset / BLOCK + "+" + length / BLOCK);
            super.unmap(offset, length);
        }

        @Override
        public void flush() {
            calls.add("flush");
        }
    };
    private final SanitizeProgress progress = new SanitizeProgress();
    private final Medium medium = new Medium(store, false, new ModeParameters(), progress);
    private final ManualExecutor executor = new ManualExecutor();
    private final RecordingCommand command = new RecordingCommand(new byte[10], null);

    private SanitizeJob job(List<SanitizeJob.Pass> passes) {
        SanitizeJob job = new SanitizeJob(medium, new RangeLocks(BLOCK), progress, executor, SanitizeRate.UNLIMITED, passes, 5, command);
        progress.begin(job.units(), false);
        job.start();
        return job;
    }

    private static SanitizeJob.Pass write(int value) {
        return new SanitizeJob.Pass(ByteBuffer.wrap(filled(1, value)).asReadOnlyBuffer());
    }

    @Test
    void eachChunkIsATaskAndEveryPassCoversTheMedium() {
        job(List.of(write(0x11), SanitizeJob.Pass.RELEASE));
        List<Integer> indications = new ArrayList<>();
        while (executor.runNext()) {
            indications.add(progress.indication());
            assertEquals(executor.pending() == 0, command.status() != null, "the command completes with the last chunk");
        }
        assertEquals(List.of("write 0+5", "write 5+5", "write 10+5", "write 15+1", "release 0+5", "release 5+5", "release 10+5",
                "release 15+1", "flush"), calls);
        assertEquals(List.of(10240, 20480, 30720, 32768, 43008, 53248, 63488, 65535), indications);
        command.assertGood();
        assertNull(progress.refusal(Opcodes.READ_10), "idle again");
        assertArrayEquals(new byte[16 * BLOCK], readAll());
    }

    @Test
    void theOtherCommandsWritesFailWhileTheOperationWritesOn() {
        job(List.of(write(0x22)));
        executor.runNext();
        RecordingCommand other = new RecordingCommand(new byte[10], null);
        try {
            medium.write(0, ByteBuffer.wrap(filled(1, 1)));
        } catch (org.jtgt.api.ScsiException e) {
            other.fail(e);
        }
        other.assertCheck(SenseKey.NOT_READY, 0x04, 0x1B);
        executor.runAll();
        assertArrayEquals(filled(16, 0x22), readAll());
    }

    @Test
    void aStoreFailureEndsItInTheFailureMode() {
        ForwardingStore failing = new ForwardingStore(new MemoryStore(16 * BLOCK, BLOCK, false)) {
            private int writes;

            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                if (++writes == 2) {
                    throw new IOException("gone");
                }
                super.write(offset, src);
            }
        };
        Medium m = new Medium(failing, false, new ModeParameters(), progress);
        SanitizeJob job = new SanitizeJob(m, new RangeLocks(BLOCK), progress, executor, SanitizeRate.UNLIMITED, List.of(write(3)), 5, command);
        progress.begin(job.units(), false);
        job.start();
        assertEquals(2, executor.runAll(), "no chunk after the failing one");
        command.assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        assertEquals(SenseCodes.SANITIZE_COMMAND_FAILED, progress.refusal(Opcodes.READ_10));
    }

    @Test
    void aChunkRefusedByAShutDownExecutorEndsItInTheFailureMode() {
        ShutDownAfterFirst refusing = new ShutDownAfterFirst();
        SanitizeJob job = new SanitizeJob(medium, new RangeLocks(BLOCK), progress, refusing, SanitizeRate.UNLIMITED, List.of(write(4)), 5,
                command);
        progress.begin(job.units(), false);
        job.start();
        executor.runAll();
        command.assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        assertEquals(List.of("write 0+5"), calls);
    }

    @Test
    void aChunkRefusedForAMomentIsSubmittedAgain() throws InterruptedException {
        int[] submissions = {0};
        SanitizeJob job = new SanitizeJob(medium, new RangeLocks(BLOCK), progress, task -> {
            if (++submissions[0] == 2) {
                throw new RejectedExecutionException("queue full");
            }
            executor.execute(task);
        }, SanitizeRate.UNLIMITED, List.of(write(7)), 5, command);
        progress.begin(job.units(), false);
        job.start();
        executor.runAll();
        assertNull(command.status(), "refused once: not failed");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (executor.pending() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(SanitizeJob.RETRY_MILLIS);
        }
        executor.runAll();
        command.assertGood();
        assertEquals(List.of("write 0+5", "write 5+5", "write 10+5", "write 15+1", "flush"), calls);
        assertNull(progress.refusal(Opcodes.READ_10), "idle again");
    }

    @Test
    void anErrorInAChunkEndsItInTheFailureModeInsteadOfLeavingItInProgress() {
        ForwardingStore exhausted = new ForwardingStore(new MemoryStore(16 * BLOCK, BLOCK, false)) {
            @Override
            public void write(long offset, ByteBuffer src) {
                throw new OutOfMemoryError("test");
            }
        };
        Medium m = new Medium(exhausted, false, new ModeParameters(), progress);
        SanitizeJob job = new SanitizeJob(m, new RangeLocks(BLOCK), progress, executor, SanitizeRate.UNLIMITED, List.of(write(3)), 5, command);
        progress.begin(job.units(), false);
        job.start();
        assertThrows(OutOfMemoryError.class, executor::runNext);
        command.assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        assertEquals(SenseCodes.SANITIZE_COMMAND_FAILED, progress.refusal(Opcodes.READ_10));
    }

    /** Accepts the first task into the manual executor, then is shut down. */
    private final class ShutDownAfterFirst extends AbstractExecutorService {

        private boolean shutDown;

        @Override
        public void execute(Runnable task) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            shutDown = true;
            executor.execute(task);
        }

        @Override
        public void shutdown() {
            shutDown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutDown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutDown;
        }

        @Override
        public boolean isTerminated() {
            return shutDown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    @Test
    void aLimitedRateHoldsTheNextChunkBackInsteadOfQueueingIt() {
        SanitizeJob job = new SanitizeJob(medium, new RangeLocks(BLOCK), progress, executor, new SanitizeRate(1), List.of(write(6)), 5,
                command);
        progress.begin(job.units(), false);
        job.start();
        executor.runNext();
        assertEquals(0, executor.pending(), "5 blocks at 1 byte/s: the next chunk is due in 42 minutes");
        assertNull(command.status());
        assertEquals(SenseCodes.SANITIZE_IN_PROGRESS.withProgress(20480), progress.refusal(Opcodes.READ_10));
        job.stop();
    }

    @Test
    void stopLetsNoChunkStartAfterIt() {
        SanitizeJob job = job(List.of(write(5)));
        executor.runNext();
        job.stop();
        executor.runAll();
        assertEquals(List.of("write 0+5"), calls);
        command.assertCheck(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
        job.stop();   // twice: nothing more
    }

    private byte[] readAll() {
        ByteBuffer b = ByteBuffer.allocate(16 * BLOCK);
        try {
            store.read(0, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.array();
    }
}
