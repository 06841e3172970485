package org.jtgt.jmx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jtgt.buffer.BufferPool;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.server.JtgtServer;

/** {@link ServerMXBean} over a {@link JtgtServer}. Thread-safe (the server is). */
final class ServerBean implements ServerMXBean {

    private final JtgtServer server;

    ServerBean(JtgtServer server) {
        this.server = server;
    }

    @Override
    public String getName() {
        return server.name();
    }

    @Override
    public String getVersion() {
        return JtgtServer.version();
    }

    @Override
    public long getStartTime() {
        return server.startedMillis();
    }

    @Override
    public long getUptimeSeconds() {
        long start = server.startedMillis();
        return start == 0 ? 0 : (System.currentTimeMillis() - start) / 1000;
    }

    @Override
    public String[] getPortals() {
        return server.portalListeners().stream().map(p -> Addresses.hostPort(p.address())).toArray(String[]::new);
    }

    @Override
    public String[] getTargets() {
        return server.targets().all().stream().map(ServedTarget::name).toArray(String[]::new);
    }

    @Override
    public String[] getLunUrls() {
        return server.urls().toArray(String[]::new);
    }

    @Override
    public int getSessionCount() {
        return server.sessions().size();
    }

    @Override
    public int getThreadCount() {
        return server.workerPool().threadCount();
    }

    @Override
    public long getBufferBytesInUse() {
        BufferPool pool = server.buffers();
        return pool == null ? 0 : pool.bytesInUse();
    }

    @Override
    public long getBufferBytesIdle() {
        BufferPool pool = server.buffers();
        return pool == null ? 0 : pool.idleBytes();
    }

    @Override
    public void addTarget(String name, String alias) {
        server.addTarget(name, alias == null || alias.isEmpty() ? null : alias);
    }

    @Override
    public void removeTarget(String name) {
        server.removeTarget(name);
    }

    @Override
    public String addLun(String target, int lun, String storeUri) {
        try {
            return server.addLun(target, lun, storeUri, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void removeLun(String target, int lun) {
        server.removeLun(target, lun);
    }

    @Override
    public boolean closeSession(String id) {
        return server.closeSession(id);
    }
}
