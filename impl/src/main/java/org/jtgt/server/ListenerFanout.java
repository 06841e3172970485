package org.jtgt.server;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.transport.IoWorker;

/**
 * Hands every server event to every registered {@link ServerListener}; a listener that throws
 * is logged and the others still hear of it. Thread-safe: listeners may come and go while
 * events are delivered from any thread.
 */
final class ListenerFanout implements ServerListener {

    private static final Logger LOG = LogManager.getLogger(ListenerFanout.class);

    private final List<ServerListener> listeners = new CopyOnWriteArrayList<>();

    void add(ServerListener listener) {
        listeners.add(listener);
    }

    void remove(ServerListener listener) {
        listeners.remove(listener);
    }

    private void each(Consumer<ServerListener> event) {
        for (ServerListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.error("listener {} failed", l, e);
            }
        }
    }

    @Override
    public void workerStarted(IoWorker worker) {
        each(l -> l.workerStarted(worker));
    }

    @Override
    public void workerStopped(IoWorker worker) {
        each(l -> l.workerStopped(worker));
    }

    @Override
    public void sessionStarted(IscsiSession session) {
        each(l -> l.sessionStarted(session));
    }

    @Override
    public void sessionEnded(IscsiSession session) {
        each(l -> l.sessionEnded(session));
    }

    @Override
    public void targetAdded(ServedTarget target) {
        each(l -> l.targetAdded(target));
    }

    @Override
    public void targetRemoved(ServedTarget target) {
        each(l -> l.targetRemoved(target));
    }

    @Override
    public void lunAdded(ServedTarget target, MappedLun lun) {
        each(l -> l.lunAdded(target, lun));
    }

    @Override
    public void lunRemoved(ServedTarget target, MappedLun lun) {
        each(l -> l.lunRemoved(target, lun));
    }

    @Override
    public void serverStopped(JtgtServer server) {
        each(l -> l.serverStopped(server));
    }
}
