package org.jtgt.jmx;

/** The I/O worker pool: {@code org.jtgt:type=WorkerPool,server=<instance>}. */
public interface WorkerPoolMXBean {

    /** The number of I/O workers. */
    int getThreadCount();

    /** Resizes the pool live: connections move between workers, none is dropped. */
    void setThreadCount(int threads);

    /** Connections owned by each worker, by worker index. */
    int[] getConnectionsPerWorker();

    /** The same as setting ThreadCount, as an operation. */
    void resize(int threads);
}
