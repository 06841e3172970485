package org.jtgt.scsi;

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
 * <p>Thread-safe; holds no state of its own besides the locks.
 */
final class StoreRunner {

    private static final Logger LOG = LogManager.getLogger(StoreRunner.class);

    private final boolean blocking;
    private final Executor blockingExecutor;
    private final RangeLocks locks;

    StoreRunner(boolean blocking, Executor blockingExecutor, RangeLocks locks) {
        this.blocking = blocking;
        this.blockingExecutor = blockingExecutor;
        this.locks = locks;
    }

    /** Work that changes no block: reads, flushes, allocation queries. */
    void run(ScsiCommand command, Runnable work) {
        submit(command, 0, false, work);
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
            perform(command, stripes, exclusive, work);
            return;
        }
        try {
            blockingExecutor.execute(() -> perform(command, stripes, exclusive, work));
        } catch (RejectedExecutionException e) {
            command.complete(ScsiStatus.BUSY, null);
        }
    }

    private void perform(ScsiCommand command, long stripes, boolean exclusive, Runnable work) {
        if (command.aborted()) {
            command.complete(ScsiStatus.TASK_ABORTED, null);
            return;
        }
        ScsiException failure = null;
        locks.lock(stripes, exclusive);
        try {
            work.run();
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
