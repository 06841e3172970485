package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * One sanitize operation while it runs: one or more passes over every block of the medium, each
 * pass writing one block replicated or releasing the blocks, done in chunks of a bounded number
 * of blocks. Each chunk is a task of its own on the store executor; the next one is submitted
 * when a chunk ends (after a pause if a {@link SanitizeRate} says the operation is ahead), so a
 * sanitize of any size never holds an I/O worker, never holds an executor thread for longer than
 * a chunk, and lets other store work in between. The {@link SanitizeProgress} counts the blocks.
 *
 * <p>Before its first chunk the operation takes every {@link RangeLocks} stripe of the medium
 * exclusively, and lets go at once: a write that was under way when the operation began ends
 * first, and every write after it fails in {@link Medium} because the state is no longer idle.
 *
 * <p>The operation is independent of the command that started it: aborting that command, a
 * logical unit or target reset, or the loss of its I_T nexus leave it running to its end, as
 * SBC-4 has a sanitize operation survive them. Only closing the disk ({@link #stop}) ends it
 * early. At the end it flushes the store, and completes the command if it still waits (IMMED
 * zero): GOOD, or MEDIUM ERROR, SANITIZE COMMAND FAILED if a store operation failed, the
 * executor shut down, or the disk closed first; a failure leaves the disk in the failure mode.
 * An executor that refuses a chunk for a while, under load, only delays it.
 *
 * <h2>Threading</h2>
 * Chunks run one at a time, each on an executor thread, handed from one to the next through
 * the executor (which orders their memory effects); the position fields are confined to the
 * chunk that runs. The executor must run tasks on its own threads, not the caller's, for a
 * medium of many chunks. {@link #stop} may be called from any thread.
 */
final class SanitizeJob implements Runnable {

    private static final Logger LOG = LogManager.getLogger(SanitizeJob.class);

    /** How long to wait before submitting a chunk again that the executor refused. */
    static final long RETRY_MILLIS = 10;

    /** What one pass does to every block: write {@code block}, or release the blocks when it is {@code null}. */
    record Pass(ByteBuffer block) {

        static final Pass RELEASE = new Pass(null);

        void apply(Medium medium, long lba, long count) {
            if (block == null) {
                medium.release(lba, count);
            } else {
                medium.fill(lba, count, block.duplicate());
            }
        }
    }

    private final Medium medium;
    private final RangeLocks locks;
    private final SanitizeProgress progress;
    private final Executor executor;
    private final SanitizeRate rate;
    private final List<Pass> passes;
    private final long chunkBlocks;
    private final ScsiCommand command;
    private final ReentrantLock working = new ReentrantLock();
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean stopped;

    // confined to the running chunk
    private boolean started;
    private long startNanos;
    private long unitsDone;
    private int pass;
    private long lba;

    /**
     * @param passes what each pass does, in order; at least one
     * @param chunkBlocks the most blocks one chunk processes
     * @param command the command to complete at the end, or {@code null} if it completed already (IMMED)
     */
    SanitizeJob(Medium medium, RangeLocks locks, SanitizeProgress progress, Executor executor, SanitizeRate rate, List<Pass> passes,
            long chunkBlocks, ScsiCommand command) {
        if (passes.isEmpty() || chunkBlocks <= 0) {
            throw new IllegalArgumentException(passes.size() + " passes in chunks of " + chunkBlocks);
        }
        this.medium = medium;
        this.locks = locks;
        this.progress = progress;
        this.executor = executor;
        this.rate = rate;
        this.passes = List.copyOf(passes);
        this.chunkBlocks = chunkBlocks;
        this.command = command;
    }

    /** The work units of the operation: every block once per pass. */
    long units() {
        return passes.size() * medium.blocks();
    }

    /**
     * Submits the first chunk.
     *
     * @throws RejectedExecutionException if the executor refuses it; nothing has happened then
     */
    void start() {
        executor.execute(this);
    }

    /** Runs one chunk, then submits the next or ends the operation. */
    @Override
    public void run() {
        working.lock();
        try {
            if (stopped) {
                finish(new ScsiException(SenseCodes.SANITIZE_COMMAND_FAILED), "the disk closed");
                return;
            }
            if (!started) {
                started = true;
                startNanos = System.nanoTime();
                long all = locks.stripes(0, medium.blocks());
                locks.lock(all, true);          // writes under way end first
                locks.unlock(all, true);
            }
            long n = Math.min(chunkBlocks, medium.blocks() - lba);
            passes.get(pass).apply(medium, lba, n);
            progress.advance(n);
            unitsDone += n;
            lba += n;
            if (lba == medium.blocks()) {
                lba = 0;
                pass++;
            }
            if (pass == passes.size()) {
                medium.flush();
                finish(null, null);
                return;
            }
        } catch (ScsiException e) {
            finish(new ScsiException(SenseCodes.SANITIZE_COMMAND_FAILED), e.sense().toString());
            return;
        } catch (RuntimeException e) {
            LOG.error("{}: sanitize failed", medium, e);
            finish(new ScsiException(SenseCodes.SANITIZE_COMMAND_FAILED), e.toString());
            return;
        } catch (Error e) {
            finish(new ScsiException(SenseCodes.SANITIZE_COMMAND_FAILED), e.toString());   // never left "in progress"
            throw e;
        } finally {
            working.unlock();
        }
        long delay = rate.delayNanos(unitsDone * medium.blockSize(), System.nanoTime() - startNanos);
        if (delay > 0) {
            CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run).execute(this::submitNext);
        } else {
            submitNext();
        }
    }

    /**
     * Submits the next chunk. An executor that refuses it for a while (its queue full of other
     * disks' work) is asked again {@value #RETRY_MILLIS} ms later, for as long as it takes: a
     * long sanitize must not fail for a moment of load. It fails only once the disk has
     * stopped it or the executor has shut down.
     */
    private void submitNext() {
        try {
            executor.execute(this);
        } catch (RejectedExecutionException e) {
            if (stopped || executor instanceof ExecutorService service && service.isShutdown()) {
                finish(new ScsiException(SenseCodes.SANITIZE_COMMAND_FAILED), "the store executor refused to go on");
            } else {
                CompletableFuture.delayedExecutor(RETRY_MILLIS, TimeUnit.MILLISECONDS, Runnable::run).execute(this::submitNext);
            }
        }
    }

    /**
     * Ends the operation early, for a disk that closes: no chunk starts after this returns, and
     * a chunk that runs now has ended. The operation then fails when its next chunk would have
     * run.
     */
    void stop() {
        stopped = true;
        working.lock();
        working.unlock();
    }

    /** Ends the operation once: the state, then the command if it waits. */
    private void finish(ScsiException failure, String why) {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        if (failure == null) {
            progress.succeeded();
            LOG.info("{}: sanitized", medium);
            if (command != null) {
                command.complete();
            }
        } else {
            progress.failed();
            LOG.warn("{}: sanitize failed ({}); the disk is in the sanitize failure mode", medium, why);
            if (command != null) {
                command.fail(failure);
            }
        }
    }
}
