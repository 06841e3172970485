package org.jtgt.transport;

/**
 * I/O worker lifecycle events, for management. Called on the thread that starts or resizes the
 * pool; implementations must be thread-safe, quick, and must not throw.
 */
public interface WorkerEvents {

    default void workerStarted(IoWorker worker) {
    }

    default void workerStopped(IoWorker worker) {
    }

    /** Events that go nowhere. */
    WorkerEvents NONE = new WorkerEvents() {
    };
}
