package org.jtgt.jmx;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.jtgt.server.JtgtServer;
import org.jtgt.transport.IoWorker;

/** {@link WorkerPoolMXBean} over a server's pool. Thread-safe; resizes are serialized by the pool. */
final class WorkerPoolBean implements WorkerPoolMXBean {

    private final JtgtServer server;

    WorkerPoolBean(JtgtServer server) {
        this.server = server;
    }

    @Override
    public int getThreadCount() {
        return server.workerPool().threadCount();
    }

    @Override
    public void setThreadCount(int threads) {
        try {
            server.resize(threads);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public int[] getConnectionsPerWorker() {
        return server.workerPool().workers().stream().mapToInt(IoWorker::connectionCount).toArray();
    }

    @Override
    public void resize(int threads) {
        setThreadCount(threads);
    }
}
