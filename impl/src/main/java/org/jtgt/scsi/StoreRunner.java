package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;

/**
 * Runs the store work of a disk command and completes the command: on the calling I/O worker
 * for a memory-speed store, on the blocking executor otherwise (BUSY if it is full). Writes run
 * under the disk's {@link RangeLocks}, taken and released on the thread that does the work.
 * The work completes normally for GOOD or throws a {@link ScsiException} (e.g. a store error
 * that {@link Medium} turned into sense data, or a miscompare); any other exception is a bug
 * and ends in INTERNAL TARGET FAILURE. A command aborted before its work starts ends in TASK
 * ABORTED. The command is completed after its locks are released.
 *
 * <p>READ and WRITE, the commands of the hot path, hand their work over as a {@link RangeWork}
 * made once per disk plus the LBA and buffer it needs, instead of a closure per command: on a
 * memory-speed store they allocate nothing. (On a blocking store the hand-off to the executor
 * allocates its task.)
 *
 * <p>Thread-safe; holds no state of its own besides the locks.
 */
final class StoreRunner {

    private static final Logger LOG = LogManager.getLogger(StoreRunner.class);

    private final boolean blocking;
    private final Executor blockingExecutor;
    private final RangeLocks locks;

    /** Store work on a command's blocks that needs nothing but their LBA and buffer: one instance serves every command. */
    @FunctionalInterface
    interface RangeWork {
        void run(long lba, ByteBuffer buffer);
    }

    StoreRunner(boolean blocking, Executor blockingExecutor, RangeLocks locks) {
        this.blocking = blocking;
        this.blockingExecutor = blockingExecutor;
        this.locks = locks;
    }

    /** Work that changes no block: reads, flushes, allocation queries. */
    void run(ScsiCommand command, Runnable work) {
        submit(command, 0, false, work);
    }

    /** Reads the blocks at {@code lba} into {@code buffer} with {@code work}, taking no lock. */
    void read(ScsiCommand command, long lba, ByteBuffer buffer, RangeWork work) {
        if (!blocking) {
            perform(command, 0, false, work, lba, buffer, null);
            return;
        }
        submit(command, 0, false, () -> work.run(lba, buffer));
    }

    /** An ordinary write of {@code blocks} blocks at {@code lba} from {@code buffer} with {@code work}: shares the range with other writes. */
    void write(ScsiCommand command, long lba, long blocks, ByteBuffer buffer, RangeWork work) {
        long stripes = locks.stripes(lba, blocks);
        if (!blocking) {
            perform(command, stripes, false, work, lba, buffer, null);
            return;
        }
        submit(command, stripes, false, () -> work.run(lba, buffer));
    }

    /** An ordinary write of {@code blocks} blocks at {@code lba}: shares the range with other writes. */
    void write(ScsiCommand command, long lba, long blocks, Runnable work) {
        submit(command, locks.stripes(lba, blocks), false, work);
    }

    /** A read-modify-write of {@code blocks} blocks at {@code lba}: no other write touches the range meanwhile. */
    void readModifyWrite(ScsiCommand command, long lba, long blocks, Runnable work) {
        submit(command, locks.stripes(lba, blocks), true, work);
    }

    /**
     * Work that reads and writes several ranges, e.g. the source and destination of every
     * segment of an EXTENDED COPY: no other write touches any of them meanwhile. Ranges may
     * overlap; empty ones lock nothing.
     */
    void readModifyWrite(ScsiCommand command, Collection<BlockCdb> ranges, Runnable work) {
        long stripes = 0;
        for (BlockCdb r : ranges) {
            stripes |= locks.stripes(r.lba(), r.blocks());
        }
        submit(command, stripes, true, work);
    }

    private void submit(ScsiCommand command, long stripes, boolean exclusive, Runnable work) {
        if (!blocking) {
            perform(command, stripes, exclusive, null, 0, null, work);
            return;
        }
        try {
            blockingExecutor.execute(() -> perform(command, stripes, exclusive, null, 0, null, work));
        } catch (RejectedExecutionException e) {
            command.complete(ScsiStatus.BUSY, null);
        }
    }

    /** Runs {@code range} on {@code lba} and {@code buffer} if it is given, else {@code work}; then completes the command. */
    private void perform(ScsiCommand command, long stripes, boolean exclusive, RangeWork range, long lba, ByteBuffer buffer, Runnable work) {
        if (command.aborted()) {
            command.complete(ScsiStatus.TASK_ABORTED, null);
            return;
        }
        ScsiException failure = null;
        locks.lock(stripes, exclusive);
        try {
            if (range != null) {
                range.run(lba, buffer);
            } else {
                work.run();
            }
        } catch (ScsiException e) {
            failure = e;
        } catch (RuntimeException e) {
            LOG.error("{}: store work failed", command, e);
            failure = new ScsiException(SenseCodes.INTERNAL_TARGET_FAILURE);
        } finally {
            locks.unlock(stripes, exclusive);
        }
        if (failure == null) {
            command.complete();
        } else {
            command.fail(failure);
        }
    }
}
