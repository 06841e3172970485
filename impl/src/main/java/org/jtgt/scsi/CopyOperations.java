package org.jtgt.scsi;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;

/**
 * The EXTENDED COPY(LID1) operations of one disk that RECEIVE COPY RESULTS can ask about,
 * by I_T nexus and list identifier (SPC-4): each while it runs, and after it ends, its results
 * if its LIST ID USAGE said to hold them.
 *
 * <p>A new copy with the list identifier of one that still runs on the same nexus is refused
 * (OPERATION IN PROGRESS); otherwise it replaces whatever was held for that identifier. Held
 * results go as SPC-4 says: the copy status once a COPY STATUS has returned it, the failed
 * segment details once a FAILED SEGMENT DETAILS has returned them whole (or was asked for zero
 * bytes), everything of a nexus when it ends ({@link #nexusLost}) and everything on a reset.
 * A nexus holds at most 256 results, one per list identifier.
 *
 * <p>Thread-safe: copies of one nexus may run on several threads at once, and RECEIVE COPY
 * RESULTS may ask while they do.
 */
final class CopyOperations {

    private record Key(Nexus nexus, int listId) {
    }

    /** The COPY COMMAND STATUS of RECEIVE COPY RESULTS, COPY STATUS. */
    static final int IN_PROGRESS = 0x00;
    static final int COMPLETED = 0x01;
    static final int COMPLETED_WITH_ERRORS = 0x02;

    /** A snapshot of one operation for COPY STATUS. */
    record Status(int copyStatus, int segmentsProcessed, long blocksWritten) {
    }

    /** How an operation ended: its status, and its sense data for CHECK CONDITION ({@code null} otherwise). */
    record Outcome(ScsiStatus status, SenseData sense) {
    }

    /**
     * One copy: where it is while it runs, how it ended, and which of its results are still
     * held. Guarded by its own monitor.
     */
    static final class Operation implements CopyEngine.Progress {

        private final Key key;
        private final boolean hold;
        private int segmentsProcessed;
        private long blocksWritten;
        private Outcome outcome;        // null while it runs
        private boolean statusHeld;
        private boolean detailsHeld;

        private Operation(Key key, boolean hold) {
            this.key = key;
            this.hold = hold;
        }

        @Override
        public synchronized void segment(int index) {
            segmentsProcessed = index + 1;
        }

        @Override
        public synchronized void written(long blocks) {
            blocksWritten += blocks;
        }

        synchronized boolean running() {
            return outcome == null;
        }

        private synchronized void end(ScsiStatus status, SenseData sense) {
            outcome = new Outcome(status, status == ScsiStatus.CHECK_CONDITION ? sense : null);
            statusHeld = hold;
            detailsHeld = hold && status != ScsiStatus.GOOD;
        }

        private synchronized Status status() {
            int copyStatus = outcome == null ? IN_PROGRESS : outcome.status() == ScsiStatus.GOOD ? COMPLETED : COMPLETED_WITH_ERRORS;
            return new Status(copyStatus, segmentsProcessed, blocksWritten);
        }
    }

    private final Map<Key, Operation> operations = new ConcurrentHashMap<>();

    /**
     * A copy starts on {@code nexus}.
     *
     * @param listIdUsage the LIST ID USAGE of its parameter list ({@link CopyParameterList#HOLD} etc.)
     * @throws ScsiException OPERATION IN PROGRESS if a copy with the same list identifier runs on the nexus
     */
    Operation begin(Nexus nexus, int listId, int listIdUsage) {
        Key key = new Key(nexus, listId);
        Operation op = new Operation(key, listIdUsage == CopyParameterList.HOLD);
        if (listIdUsage == CopyParameterList.NO_LIST_ID) {
            return op;
        }
        operations.compute(key, (k, old) -> {
            if (old != null && old.running()) {
                throw new ScsiException(SenseCodes.OPERATION_IN_PROGRESS);
            }
            return op;
        });
        return op;
    }

    /** A copy ended with this status (and sense data, for CHECK CONDITION); its results are held or dropped. */
    void end(Operation op, ScsiStatus status, SenseData sense) {
        op.end(status, sense);
        if (!op.hold) {
            operations.remove(op.key, op);
        }
    }

    /**
     * The status of the copy with {@code listId} on {@code nexus}, running or ended; the copy
     * status of an ended one is returned only once.
     *
     * @throws ScsiException INVALID FIELD IN CDB (pointing at LIST IDENTIFIER) if there is none
     */
    Status status(Nexus nexus, int listId) {
        Operation op = find(nexus, listId);
        synchronized (op) {
            if (op.outcome != null) {
                if (!op.statusHeld) {
                    throw unknown();
                }
                op.statusHeld = false;
                dropIfDone(op);
            }
            return op.status();
        }
    }

    /**
     * How the copy with {@code listId} on {@code nexus} ended, for FAILED SEGMENT DETAILS.
     *
     * @throws ScsiException INVALID FIELD IN CDB (pointing at LIST IDENTIFIER) if no copy with
     *         that identifier has ended with results still held, or it still runs
     */
    Outcome outcome(Nexus nexus, int listId) {
        Operation op = find(nexus, listId);
        synchronized (op) {
            if (op.outcome == null || !op.statusHeld && !op.detailsHeld) {
                throw unknown();
            }
            return op.outcome;
        }
    }

    /**
     * The initiator took all of {@code outcome}'s failed segment details (or asked for none):
     * they are no longer held. Does nothing if another copy with the identifier has begun since.
     */
    void delivered(Nexus nexus, int listId, Outcome outcome) {
        Operation op = operations.get(new Key(nexus, listId));
        if (op == null) {
            return;
        }
        synchronized (op) {
            if (op.outcome == outcome) {
                op.detailsHeld = false;
                dropIfDone(op);
            }
        }
    }

    /** The nexus ended: nothing is held for it any more. */
    void nexusLost(Nexus nexus) {
        operations.keySet().removeIf(k -> k.nexus().equals(nexus));
    }

    /** A reset: nothing is held any more. */
    void reset() {
        operations.clear();
    }

    private Operation find(Nexus nexus, int listId) {
        Operation op = operations.get(new Key(nexus, listId));
        if (op == null) {
            throw unknown();
        }
        return op;
    }

    private void dropIfDone(Operation op) {
        if (!op.statusHeld && !op.detailsHeld) {
            operations.remove(op.key, op);
        }
    }

    private static ScsiException unknown() {
        return new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
    }
}
