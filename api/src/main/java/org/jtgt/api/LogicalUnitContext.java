package org.jtgt.api;

import java.util.Map;
import java.util.concurrent.Executor;

/**
 * What a {@link LogicalUnitProvider} gets to build a logical unit: the store, where the unit
 * sits, and the engine's executor for blocking work. Immutable.
 */
public interface LogicalUnitContext {

    /** The backing store the unit serves; the unit owns it from now on. */
    BackingStore store();

    /** The iSCSI name of the target that maps the unit. */
    String targetName();

    /** The logical unit number it is mapped at. */
    int lun();

    /**
     * Options for the unit, e.g. {@code vendor}, {@code product}, {@code serial},
     * {@code readonly}; names in lower case. A provider rejects names it does not know.
     */
    Map<String, String> options();

    /**
     * The engine's bounded executor for calls that block (a {@link BackingStore#blocking()}
     * store). Tasks must not block forever; they complete their command when done.
     */
    Executor blockingExecutor();

    /**
     * Aborts every task of one I_T nexus on this unit (PERSISTENT RESERVE OUT with PREEMPT AND
     * ABORT): they end with TASK ABORTED.
     * Returns at once; the tasks end on their own I/O workers. Safe from any thread.
     */
    void abortTasks(Nexus nexus);
}
