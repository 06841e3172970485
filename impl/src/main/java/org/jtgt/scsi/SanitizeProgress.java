package org.jtgt.scsi;

import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * The sanitize state of one disk (SBC-4 §4.11): idle, a sanitize operation in progress with how
 * much of it is done, or the failure mode a failed operation leaves behind. The dispatcher asks
 * it for every command whether the state lets the command run ({@link #refusal}); the medium
 * asks it before every write of another command ({@link #check}), so that no write that was
 * already under way when the operation began lands on a sanitized range.
 *
 * <p>What each state admits:
 * <ul>
 * <li>idle: everything;</li>
 * <li>in progress: INQUIRY and REQUEST SENSE (REQUEST SENSE reports the progress, and REPORT
 *     LUNS never reaches a disk); everything else ends in NOT READY, LOGICAL UNIT NOT READY,
 *     SANITIZE IN PROGRESS with the progress indication in its sense data;</li>
 * <li>failed: INQUIRY, REQUEST SENSE and SANITIZE (a new operation, or EXIT FAILURE MODE if
 *     the failed one allowed it with AUSE); everything else ends in MEDIUM ERROR, SANITIZE
 *     COMMAND FAILED.</li>
 * </ul>
 *
 * <p>The progress counts work units, a block for each pass over it; the indication is the done
 * fraction in 65536ths, as the sense-key specific PROGRESS INDICATION field has it.
 *
 * <h2>Threading</h2>
 * Transitions run under this object's monitor; the running operation (one thread at a time,
 * handed from chunk to chunk through its executor) advances the count. {@link #refusal} and
 * {@link #check}, run for every command and every write, read volatile fields without locking:
 * an idle disk costs one volatile read. Thread-safe.
 */
final class SanitizeProgress {

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    private static final int FAILED = 2;
    private static final int FULL_SCALE = 1 << 16;

    private volatile int state = IDLE;
    private volatile long done;
    private volatile long total = 1;
    /** Whether the operation that failed, or is running, allows EXIT FAILURE MODE (AUSE). */
    private boolean unrestrictedExit;      // guarded by this
    /** The state {@link #begin} left, for {@link #undoBegin}. */
    private int previousState;             // guarded by this
    private boolean previousUnrestrictedExit; // guarded by this

    /**
     * Starts an operation of {@code units} work units (at least one), leaving the failure mode
     * if the disk was in it.
     *
     * @param ause the AUSE bit of the SANITIZE command: whether EXIT FAILURE MODE may end the
     *        failure mode should this operation fail
     * @return false, changing nothing, if an operation is in progress already
     */
    synchronized boolean begin(long units, boolean ause) {
        if (units <= 0) {
            throw new IllegalArgumentException("work units " + units);
        }
        if (state == RUNNING) {
            return false;
        }
        previousState = state;
        previousUnrestrictedExit = unrestrictedExit;
        unrestrictedExit = ause;
        total = units;
        done = 0;
        state = RUNNING;
        return true;
    }

    /** Undoes the last {@link #begin}: the operation could not start after all (the executor refused it). */
    synchronized void undoBegin() {
        if (state == RUNNING) {
            state = previousState;
            unrestrictedExit = previousUnrestrictedExit;
        }
    }

    /** Counts {@code units} more work units done; only the running operation calls it. */
    void advance(long units) {
        done = Math.min(total, done + units);
    }

    /** The operation completed: the disk is idle. */
    synchronized void succeeded() {
        state = IDLE;
    }

    /** The operation failed: the disk enters the failure mode. */
    synchronized void failed() {
        state = FAILED;
    }

    /**
     * EXIT FAILURE MODE: leaves the failure mode if the failed operation set AUSE; with the disk
     * idle there is nothing to leave and nothing happens.
     *
     * @throws ScsiException INVALID FIELD IN CDB (at the service action) if the failed operation
     *         did not set AUSE: only a new sanitize operation may end its failure mode
     */
    synchronized void exitFailureMode() {
        if (state == FAILED) {
            if (!unrestrictedExit) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
            }
            state = IDLE;
        }
    }

    boolean running() {
        return state == RUNNING;
    }

    boolean failedMode() {
        return state == FAILED;
    }

    /** The done fraction of the running (or last) operation, in 65536ths: 0 to 65535. */
    int indication() {
        return (int) Math.min(FULL_SCALE - 1, (long) (FULL_SCALE * ((double) done / total)));
    }

    /**
     * Why a command with {@code opcode} may not run now, or {@code null} if it may (see the class
     * comment). INQUIRY and REQUEST SENSE are always admitted.
     */
    SenseData refusal(int opcode) {
        int s = state;
        if (s == IDLE || opcode == Opcodes.INQUIRY || opcode == Opcodes.REQUEST_SENSE) {
            return null;
        }
        if (s == RUNNING) {
            return SenseCodes.SANITIZE_IN_PROGRESS.withProgress(indication());
        }
        return opcode == Opcodes.SANITIZE ? null : SenseCodes.SANITIZE_COMMAND_FAILED;
    }

    /**
     * What REQUEST SENSE reports when no unit attention is pending: the progress while an
     * operation runs, SANITIZE COMMAND FAILED in the failure mode, {@code null} when idle.
     */
    SenseData condition() {
        int s = state;
        if (s == RUNNING) {
            return SenseCodes.SANITIZE_IN_PROGRESS.withProgress(indication());
        }
        return s == FAILED ? SenseCodes.SANITIZE_COMMAND_FAILED : null;
    }

    /**
     * For the medium, before a write of a command that is not the sanitize operation: fails it
     * unless the disk is idle.
     *
     * @throws ScsiException NOT READY, SANITIZE IN PROGRESS, or MEDIUM ERROR, SANITIZE COMMAND FAILED
     */
    void check() {
        if (state != IDLE) {
            SenseData why = condition();
            if (why != null) {
                throw new ScsiException(why);
            }
        }
    }
}
