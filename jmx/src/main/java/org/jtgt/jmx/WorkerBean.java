package org.jtgt.jmx;

import org.jtgt.transport.IoWorker;

/** {@link WorkerMXBean} over one I/O worker. Thread-safe. */
final class WorkerBean implements WorkerMXBean {

    private final IoWorker worker;
    private long lastBusyNanos;
    private long lastSampleNanos = System.nanoTime();

    WorkerBean(IoWorker worker) {
        this.worker = worker;
        this.lastBusyNanos = worker.busyNanos();
    }

    @Override
    public int getIndex() {
        return worker.index();
    }

    @Override
    public int getConnections() {
        return worker.connectionCount();
    }

    @Override
    public int getTaskQueueDepth() {
        return worker.taskQueueDepth();
    }

    @Override
    public synchronized double getBusyPercent() {
        long now = System.nanoTime();
        long busy = worker.busyNanos();
        long elapsed = now - lastSampleNanos;
        double percent = elapsed <= 0 ? 0 : Math.min(100.0, 100.0 * (busy - lastBusyNanos) / elapsed);
        lastSampleNanos = now;
        lastBusyNanos = busy;
        return Math.round(percent * 10) / 10.0;
    }

    @Override
    public long getTasksRun() {
        return worker.tasksRun();
    }

    @Override
    public long getPdusIn() {
        return worker.pdusIn();
    }

    @Override
    public long getPdusOut() {
        return worker.pdusOut();
    }

    @Override
    public long getBytesIn() {
        return worker.bytesIn();
    }

    @Override
    public long getBytesOut() {
        return worker.bytesOut();
    }
}
