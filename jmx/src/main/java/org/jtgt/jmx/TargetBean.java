package org.jtgt.jmx;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.server.JtgtServer;

/** {@link TargetMXBean} over a served target. Thread-safe. */
final class TargetBean implements TargetMXBean {

    private final JtgtServer server;
    private final ServedTarget target;

    TargetBean(JtgtServer server, ServedTarget target) {
        this.server = server;
        this.target = target;
    }

    @Override
    public String getName() {
        return target.name();
    }

    @Override
    public String getAlias() {
        return target.alias() == null ? "" : target.alias();
    }

    @Override
    public int[] getLuns() {
        return target.luns().keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public int getSessionCount() {
        return (int) server.sessions().all().stream().filter(s -> s.target() == target).count();
    }

    @Override
    public String addLun(int lun, String storeUri) {
        try {
            return server.addLun(target.name(), lun, storeUri, Map.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    @Override
    public void removeLun(int lun) {
        server.removeLun(target.name(), lun);
    }
}
