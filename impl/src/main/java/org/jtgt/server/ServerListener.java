package org.jtgt.server;

import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.iscsi.SessionEvents;
import org.jtgt.transport.WorkerEvents;

/**
 * Everything that starts and ends in a {@link JtgtServer}: workers, targets, LUNs, sessions.
 * The management module registers a bean for each. Events come from the thread that caused
 * them (an I/O worker, or the caller of a management operation); implementations must be
 * thread-safe, quick, and must not throw. Register with {@link JtgtServer#addListener}; objects
 * that exist already are not replayed (list them with the server's getters).
 */
public interface ServerListener extends SessionEvents, WorkerEvents {

    default void targetAdded(ServedTarget target) {
    }

    default void targetRemoved(ServedTarget target) {
    }

    default void lunAdded(ServedTarget target, MappedLun lun) {
    }

    default void lunRemoved(ServedTarget target, MappedLun lun) {
    }

    /** The server stopped; every object is gone. */
    default void serverStopped(JtgtServer server) {
    }
}
