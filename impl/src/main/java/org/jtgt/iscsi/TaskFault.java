package org.jtgt.iscsi;

import org.jtgt.api.Fault;
import org.jtgt.fault.FaultHandle;

/**
 * The fault a rule decided for one task, and how far applying it got: set when the task
 * reaches its logical unit, read again where its response is sent ({@link ConnectionFaults},
 * {@link ScsiResponder}) and by the journal. Confined to the connection's thread.
 */
final class TaskFault {

    final Fault fault;
    final FaultHandle source;
    /** The response was delayed or stalled once already; the next finish sends it. */
    boolean responseHeld;

    TaskFault(Fault fault, FaultHandle source) {
        this.fault = fault;
        this.source = source;
    }

    boolean is(Fault.Kind kind) {
        return fault.kind() == kind;
    }

    /** Whether {@code task} carries a fault of that kind. */
    static boolean carries(IscsiTask task, Fault.Kind kind) {
        TaskFault f = task.fault;
        return f != null && f.is(kind);
    }
}
