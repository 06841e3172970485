package org.jtgt.jmx;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.StandardMBean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.server.JtgtServer;
import org.jtgt.server.ServerListener;
import org.jtgt.transport.IoWorker;
import org.jtgt.transport.PortalListener;

/**
 * Publishes a running {@link JtgtServer} as MXBeans (DESIGN.md §5) on an {@link MBeanServer},
 * under the server's instance name: the server, its worker pool and workers, portals, targets,
 * logical units, sessions and connections. Beans are registered when their object starts and
 * unregistered when it ends, following the server's {@link ServerListener} events; closing the
 * registration (or stopping the server) unregisters everything.
 *
 * <pre>{@code
 * JtgtServer server = JtgtServer.builder().name("test-disk")...start();
 * JtgtMBeans beans = JtgtMBeans.register(server, ManagementFactory.getPlatformMBeanServer());
 * }</pre>
 *
 * <p>Two servers with different instance names never collide; registering a second server
 * under a name in use fails with a message naming it. Thread-safe.
 */
public final class JtgtMBeans implements ServerListener, AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(JtgtMBeans.class);

    private final JtgtServer server;
    private final MBeanServer mbeans;
    private final String instance;
    private final Map<Object, ObjectName> registered = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private JtgtMBeans(JtgtServer server, MBeanServer mbeans) {
        this.server = server;
        this.mbeans = mbeans;
        this.instance = server.name();
    }

    /** Publishes {@code server} on the platform MBean server (where JConsole and Jolokia look). */
    public static JtgtMBeans register(JtgtServer server) {
        return register(server, ManagementFactory.getPlatformMBeanServer());
    }

    /**
     * Publishes a started server's beans and keeps them current.
     *
     * @throws IllegalStateException if beans of this instance name are registered already
     */
    public static JtgtMBeans register(JtgtServer server, MBeanServer mbeans) {
        JtgtMBeans beans = new JtgtMBeans(server, mbeans);
        ObjectName serverName = ObjectNames.server(beans.instance);
        if (mbeans.isRegistered(serverName)) {
            throw new IllegalStateException("jtgt beans of instance '" + beans.instance + "' are registered already ("
                    + serverName + "); give each server its own name with JtgtServer.builder().name(...)");
        }
        server.addListener(beans);
        beans.publishAll();
        return beans;
    }

    private void publishAll() {
        put(server, ObjectNames.server(instance), new ServerBean(server), ServerMXBean.class);
        put(server.workerPool(), ObjectNames.workerPool(instance), new WorkerPoolBean(server), WorkerPoolMXBean.class);
        for (IoWorker w : server.workerPool().workers()) {
            workerStarted(w);
        }
        for (PortalListener p : server.portalListeners()) {
            put(p, ObjectNames.portal(instance, Addresses.hostPort(p.address())), new PortalBean(p), PortalMXBean.class);
        }
        for (ServedTarget t : server.targets().all()) {
            targetAdded(t);
            for (MappedLun lun : t.luns().values()) {
                lunAdded(t, lun);
            }
        }
        for (IscsiSession s : server.sessions().all()) {
            sessionStarted(s);
        }
    }

    /** The instance name the beans are registered under. */
    public String instance() {
        return instance;
    }

    // ---- events

    @Override
    public void workerStarted(IoWorker worker) {
        put(worker, ObjectNames.worker(instance, worker.index()), new WorkerBean(worker), WorkerMXBean.class);
    }

    @Override
    public void workerStopped(IoWorker worker) {
        remove(worker);
    }

    @Override
    public void targetAdded(ServedTarget target) {
        put(target, ObjectNames.target(instance, target.name()), new TargetBean(server, target), TargetMXBean.class);
    }

    @Override
    public void targetRemoved(ServedTarget target) {
        remove(target);
    }

    @Override
    public void lunAdded(ServedTarget target, MappedLun lun) {
        put(lun, ObjectNames.logicalUnit(instance, target.name(), lun.lun()), new LogicalUnitBean(server, target, lun),
                LogicalUnitMXBean.class);
    }

    @Override
    public void lunRemoved(ServedTarget target, MappedLun lun) {
        remove(lun);
    }

    @Override
    public void sessionStarted(IscsiSession session) {
        String target = session.target() == null ? "" : session.target().name();
        put(session, ObjectNames.session(instance, target, session.id()), new SessionBean(session), SessionMXBean.class);
        IscsiConnection c = session.connection();
        if (c != null) {
            put(c, ObjectNames.connection(instance, session.id(), c.cid()), new ConnectionBean(c), ConnectionMXBean.class);
        }
    }

    @Override
    public void sessionEnded(IscsiSession session) {
        registered.keySet().stream()
                .filter(k -> k instanceof IscsiConnection && ((IscsiConnection) k).session() == session)
                .toList()
                .forEach(this::remove);
        remove(session);          // last, so that no connection bean outlives its session's
    }

    @Override
    public void serverStopped(JtgtServer stopped) {
        close();
    }

    // ---- registration

    private <T> void put(Object key, ObjectName name, T bean, Class<T> type) {
        if (closed) {
            return;
        }
        try {
            mbeans.registerMBean(new StandardMBean(bean, type, true), name);
            registered.put(key, name);
        } catch (InstanceAlreadyExistsException e) {
            if (!registered.containsKey(key)) {
                LOG.warn("bean {} exists already; not replaced", name);
            }
        } catch (JMException e) {
            LOG.error("cannot register {}", name, e);
        }
    }

    private void remove(Object key) {
        ObjectName name = registered.remove(key);
        if (name == null) {
            return;
        }
        try {
            mbeans.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.warn("cannot unregister {}: {}", name, e.toString());
        }
    }

    /** Unregisters every bean and stops following the server. Idempotent. */
    @Override
    public void close() {
        closed = true;
        server.removeListener(this);
        for (Object key : registered.keySet().toArray()) {
            remove(key);
        }
    }
}
