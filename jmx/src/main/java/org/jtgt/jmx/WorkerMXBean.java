package org.jtgt.jmx;

/** One I/O worker: {@code org.jtgt:type=Worker,server=<instance>,name=<n>}. */
public interface WorkerMXBean {

    int getIndex();

    int getConnections();

    /** Tasks waiting in its queue (completions from store threads, moves). */
    int getTaskQueueDepth();

    /** Percentage of time spent handling events and tasks since the last read of this attribute. */
    double getBusyPercent();

    long getTasksRun();

    long getPdusIn();

    long getPdusOut();

    long getBytesIn();

    long getBytesOut();
}
