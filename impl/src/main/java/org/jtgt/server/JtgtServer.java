package org.jtgt.server;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.Nexus;
import org.jtgt.api.Target;
import org.jtgt.api.TargetContext;
import org.jtgt.api.TargetProvider;
import org.jtgt.buffer.BufferPool;
import org.jtgt.fault.FaultInjector;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.iscsi.Limits;
import org.jtgt.iscsi.MappedLun;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.iscsi.SessionRegistry;
import org.jtgt.iscsi.TargetRegistry;
import org.jtgt.journal.IoJournal;
import org.jtgt.login.NegotiationSettings;
import org.jtgt.scsi.DiskProvider;
import org.jtgt.scsi.ScsiDisk;
import org.jtgt.store.MemoryStore;
import org.jtgt.transport.ConnectionCounter;
import org.jtgt.transport.PortalListener;
import org.jtgt.transport.WorkerPool;

/**
 * An iSCSI target server, embedded in any JVM: portals, I/O workers, targets and their logical
 * units. Build one with {@link #builder()}:
 *
 * <pre>{@code
 * try (JtgtServer server = JtgtServer.builder()
 *         .target("iqn.2026-11.org.example:disk", t -> t.lun(0, "memory:64M"))
 *         .start()) {
 *     String url = server.url("iqn.2026-11.org.example:disk", 0);   // iscsi://127.0.0.1:PORT/...
 *     // ... run an initiator against url ...
 * }
 * }</pre>
 *
 * <p>By default the server listens on 127.0.0.1 on a free port. {@link #start()} returns once
 * the portals are bound; a login may follow at once. {@link #close()} ends every session and
 * releases every store, also while initiators are logged in. Thread-safe.
 */
public final class JtgtServer implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(JtgtServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The target name the daemon serves when none is given. */
    public static final String DEFAULT_TARGET = "iqn.2026-11.org.jtgt:disk0";

    private final String name;
    private final Builder builder;
    private final TargetRegistry targets = new TargetRegistry();
    private final SessionRegistry sessions = new SessionRegistry();
    private final List<PortalListener> listeners = new ArrayList<>();
    private final ListenerFanout events = new ListenerFanout();
    private final FaultInjector faults;
    private volatile List<InetSocketAddress> portals = List.of();
    private ThreadPoolExecutor storeExecutor;
    private Providers providers;
    private WorkerPool workers;
    private volatile EngineContext context;
    private boolean started;
    private boolean closed;
    private volatile long startedMillis;

    private JtgtServer(Builder builder) {
        this.builder = builder;
        this.name = builder.name != null ? builder.name : defaultName();
        this.faults = new FaultInjector(name);
    }

    private static String defaultName() {
        int n = INSTANCES.incrementAndGet();
        return n == 1 ? "jtgt" : "jtgt-" + n;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The instance name: names threads and management objects. */
    public String name() {
        return name;
    }

    /**
     * Opens the stores, binds the portals and starts the workers. If anything fails, whatever
     * was opened is closed again and the exception says what failed.
     *
     * @throws IOException if a portal cannot be bound or a store cannot be opened
     * @throws IllegalArgumentException if the configuration is wrong (bad URI, unknown option)
     * @throws IllegalStateException if providers conflict, or the server was started before
     */
    public synchronized JtgtServer start() throws IOException {
        if (started) {
            throw new IllegalStateException("server " + name + " was started already");
        }
        started = true;
        try {
            providers = Providers.load(builder.classLoader);
            storeExecutor = new ThreadPoolExecutor(builder.storeThreads, builder.storeThreads, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(4096), daemonThreads(name + "-store-"));
            storeExecutor.allowCoreThreadTimeOut(true);
            for (TargetBuilder t : builder.targets.values()) {
                targets.add(new ServedTarget(t.name(), t.alias(), createUnits(providers, t), t.access()));
                warnOfWeakSecrets(t.name(), t.access());
            }
            warnOfWeakSecrets("discovery", builder.discoveryAccess);
            for (Map.Entry<String, Map<String, String>> source : builder.sources.entrySet()) {
                addTargetsFrom(providers, source.getKey(), source.getValue());
            }
            context = new EngineContext(builder.negotiation, targets, sessions, new BufferPool(builder.bufferPoolBytes),
                    storeExecutor, 1, () -> portals, builder.timers, events, builder.discoveryAccess, new SecureRandom(), builder.limits,
                    faults);
            EngineContext ctx = context;
            workers = new WorkerPool(name, builder.threads, channel -> new IscsiConnection(ctx, channel), events);
            List<InetSocketAddress> bound = new ArrayList<>();
            ConnectionCounter counter = new ConnectionCounter(builder.limits);
            for (InetSocketAddress portal : builder.portals) {
                PortalListener listener = new PortalListener(portal, workers, counter);
                listeners.add(listener);
                bound.add(listener.address());
            }
            portals = List.copyOf(bound);
            workers.start();
            for (PortalListener listener : listeners) {
                listener.start();
            }
            startedMillis = System.currentTimeMillis();
            LOG.info("server {} listening on {} with {} I/O threads, targets {}", name, portals, builder.threads, targets.all());
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private SortedMap<Integer, LogicalUnit> createUnits(Providers providers, TargetBuilder t) throws IOException {
        SortedMap<Integer, LogicalUnit> units = new TreeMap<>();
        try {
            for (Map.Entry<Integer, TargetBuilder.LunSpec> e : t.luns().entrySet()) {
                units.put(e.getKey(), createUnit(providers, t.name(), e.getKey(), e.getValue()));
            }
            return units;
        } catch (IOException | RuntimeException e) {
            new ServedTarget(t.name(), null, units).close();
            throw e;
        }
    }

    private LogicalUnit createUnit(Providers providers, String target, int lun, TargetBuilder.LunSpec spec) throws IOException {
        if (spec instanceof TargetBuilder.UnitLun u) {
            return u.unit();
        }
        if (spec instanceof TargetBuilder.StoreLun s) {
            return providers.createUnit(s.deviceType(), s.store(), target, lun, s.options(), storeExecutor, aborter(target, lun));
        }
        TargetBuilder.UriLun u = (TargetBuilder.UriLun) spec;
        try {
            return providers.createUnit(u.deviceType(), providers.openStore(u.storeUri()), target, lun, u.options(), storeExecutor,
                    aborter(target, lun));
        } catch (IOException e) {
            throw new IOException("target " + target + " LUN " + lun + ": cannot open " + u.storeUri() + ": " + e.getMessage(), e);
        }
    }

    private void addTargetsFrom(Providers providers, String source, Map<String, String> settings) throws IOException {
        TargetProvider provider = providers.targetSources().get(source);
        if (provider == null) {
            throw new IllegalArgumentException("no target provider '" + source + "' (known: "
                    + String.join(", ", providers.targetSources().keySet()) + ")");
        }
        List<Target> provided = provider.targets(new TargetContext() {
            @Override
            public Map<String, String> settings() {
                return settings;
            }

            @Override
            public LogicalUnit logicalUnit(String targetName, int lun, String deviceType, String storeUri, Map<String, String> options)
                    throws IOException {
                return providers.createUnit(deviceType, providers.openStore(storeUri), targetName, lun, options, storeExecutor,
                        aborter(targetName, lun));
            }
        });
        for (Target t : provided) {
            targets.add(new ServedTarget(t.name(), t.alias(), t.logicalUnits(), t.access()));
            warnOfWeakSecrets(t.name(), t.access());
        }
    }

    /** Aborts the tasks of one nexus on one LUN, for the unit's {@code abortTasks}. */
    private Consumer<Nexus> aborter(String targetName, int lun) {
        return nexus -> {
            for (IscsiSession s : sessions.all()) {
                if (s.nexus().equals(nexus) && s.target() != null && s.target().name().equalsIgnoreCase(targetName)) {
                    IscsiConnection c = s.connection();
                    if (c != null) {
                        c.abortTasksOn(lun);
                    }
                }
            }
        };
    }

    /** RFC 7143 §12.1.3 asks for CHAP secrets of at least 96 bits. */
    static void warnOfWeakSecrets(String where, AccessPolicy policy) {
        for (String name : policy.initiatorAccountNames()) {
            if (policy.initiatorAccount(name).weak()) {
                LOG.warn("{}: the CHAP secret of {} is shorter than {} bytes", where, name, ChapAccount.RECOMMENDED_SECRET_BYTES);
            }
        }
        ChapAccount target = policy.targetAccount();
        if (target != null && target.weak()) {
            LOG.warn("{}: the target's CHAP secret ({}) is shorter than {} bytes", where, target.name(), ChapAccount.RECOMMENDED_SECRET_BYTES);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.getAndIncrement());
            t.setDaemon(true);
            return t;
        };
    }

    // ---- what is running

    /** The bound portal addresses, with the ports actually chosen. */
    public List<InetSocketAddress> portals() {
        return portals;
    }

    /** The port of the first portal. */
    public int port() {
        requireStarted();
        return portals.get(0).getPort();
    }

    /** {@code iscsi://HOST:PORT/TARGET/LUN} for a LUN, through the first portal. */
    public String url(String targetName, int lun) {
        requireStarted();
        ServedTarget target = targets.find(targetName);
        if (target == null || target.logicalUnit(lun) == null) {
            throw new IllegalArgumentException("no LUN " + lun + " in target " + targetName);
        }
        return "iscsi://" + hostPort(portals.get(0)) + "/" + target.name() + "/" + lun;
    }

    /** The URL of every LUN of every target, through the first portal, in order. */
    public List<String> urls() {
        requireStarted();
        List<String> urls = new ArrayList<>();
        for (ServedTarget t : targets.all()) {
            for (int lun : t.logicalUnits().keySet()) {
                urls.add("iscsi://" + hostPort(portals.get(0)) + "/" + t.name() + "/" + lun);
            }
        }
        return urls;
    }

    static String hostPort(InetSocketAddress a) {
        InetAddress address = a.getAddress();
        String host = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int percent = host.indexOf('%');
            host = "[" + (percent >= 0 ? host.substring(0, percent) : host) + "]";
        }
        return host + ":" + a.getPort();
    }

    /** When the server started, in milliseconds since the epoch; 0 before. */
    public long startedMillis() {
        return startedMillis;
    }

    /** The listening portals. */
    public List<PortalListener> portalListeners() {
        return List.copyOf(listeners);
    }

    /** The version of jtgt, from the jar's manifest, or {@code dev} when run from classes. */
    public static String version() {
        String v = JtgtServer.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }

    public TargetRegistry targets() {
        return targets;
    }

    public SessionRegistry sessions() {
        return sessions;
    }

    /** The pool of data buffers commands use; {@code null} before start. */
    public BufferPool buffers() {
        EngineContext c = context;
        return c == null ? null : c.buffers();
    }

    /**
     * The fault rules of this server, for every logical unit; {@code faults().forLun(target, lun)}
     * for one. Rules may be added before or after start and apply from the next command on;
     * see {@link FaultInjector} and the rule syntax in {@link org.jtgt.fault.FaultRuleParser}.
     */
    public FaultInjector faults() {
        return faults;
    }

    /**
     * The I/O journal of a LUN, off until {@link IoJournal#setEnabled enabled}.
     *
     * @throws IllegalArgumentException if there is no such target or LUN
     * @throws IllegalStateException before start
     */
    public IoJournal journal(String targetName, int lun) {
        requireStarted();
        MappedLun mapped = requireTarget(targetName).mapped(lun);
        if (mapped == null) {
            throw new IllegalArgumentException("no LUN " + lun + " in target " + targetName);
        }
        return mapped.journal();
    }

    /** The I/O worker pool; {@code null} before start. */
    public WorkerPool workerPool() {
        return workers;
    }

    // ---- management: change the running server

    /** Starts telling {@code listener} of everything that starts and ends from now on. */
    public void addListener(ServerListener listener) {
        events.add(listener);
    }

    public void removeListener(ServerListener listener) {
        events.remove(listener);
    }

    /**
     * Adds a target without LUNs to the running server.
     *
     * @throws IllegalArgumentException if the name is malformed or taken
     */
    public ServedTarget addTarget(String targetName, String alias) {
        return addTarget(targetName, alias, AccessPolicy.OPEN);
    }

    /**
     * Adds a target without LUNs to the running server, letting in only whom {@code access}
     * lets in from the start.
     *
     * @throws IllegalArgumentException if the name is malformed or taken
     */
    public synchronized ServedTarget addTarget(String targetName, String alias, AccessPolicy access) {
        requireStarted();
        ServedTarget target = new ServedTarget(targetName, alias, Map.of(), access);
        targets.add(target);
        warnOfWeakSecrets(target.name(), access);
        events.targetAdded(target);
        LOG.info("server {}: target {} added", name, target.name());
        return target;
    }

    /**
     * Removes a target: its sessions end, its logical units are closed once their commands
     * finished.
     *
     * @throws IllegalArgumentException if there is no such target
     */
    public synchronized void removeTarget(String targetName) {
        requireStarted();
        ServedTarget target = targets.remove(targetName);
        if (target == null) {
            throw new IllegalArgumentException("no target " + targetName);
        }
        for (IscsiSession s : sessionsOf(target)) {
            s.close("target " + target.name() + " removed");
        }
        for (int lun : target.luns().keySet()) {
            unmapAndClose(target, lun);
        }
        faults.forTarget(target.name()).clear();
        events.targetRemoved(target);
        LOG.info("server {}: target {} removed", name, target.name());
    }

    /**
     * Adds a disk over a store to a target of the running server. Its sessions report REPORT
     * LUNS DATA HAS CHANGED on their next command. If the store cannot be opened or the LUN is
     * taken, nothing changes.
     *
     * @return the new LUN's URL
     * @throws IllegalArgumentException for an unknown target, a taken LUN, a bad URI or option
     * @throws IOException if the store cannot be opened
     */
    public String addLun(String targetName, int lun, String storeUri, Map<String, String> options) throws IOException {
        ServedTarget target;
        synchronized (this) {
            requireStarted();
            target = requireTarget(targetName);
            if (target.mapped(lun) != null) {
                throw new IllegalArgumentException("target " + target.name() + " already has LUN " + lun);
            }
        }
        LogicalUnit unit = providers.createUnit(DiskProvider.DEVICE_TYPE, providers.openStore(storeUri), target.name(),
                lun, options, storeExecutor, aborter(target.name(), lun));
        synchronized (this) {
            MappedLun mapped;
            try {
                mapped = target.addLun(lun, unit);
            } catch (RuntimeException e) {
                closeQuietly(unit);
                throw e;
            }
            events.lunAdded(target, mapped);
            LOG.info("server {}: target {} LUN {} added: {}", name, target.name(), lun, storeUri);
            return url(target.name(), lun);
        }
    }

    /**
     * Removes a LUN from a target of the running server: new commands to it fail with LOGICAL
     * UNIT NOT SUPPORTED, sessions report REPORT LUNS DATA HAS CHANGED, and the unit is closed
     * once its commands in flight finished (at most 10 s later).
     *
     * @throws IllegalArgumentException for an unknown target or LUN
     */
    public synchronized void removeLun(String targetName, int lun) {
        requireStarted();
        unmapAndClose(requireTarget(targetName), lun);
    }

    private void unmapAndClose(ServedTarget target, int lun) {
        MappedLun mapped = target.removeLun(lun);
        events.lunRemoved(target, mapped);
        faults.forLun(target.name(), lun).clear();       // its rules go with it, releasing what they stalled
        awaitUpTo(Duration.ofSeconds(10), () -> mapped.inFlight() == 0);
        closeQuietly(mapped.unit());
        LOG.info("server {}: target {} LUN {} removed", name, target.name(), lun);
    }

    /**
     * The contents of a LUN whose store is a memory store ({@code memory:SIZE}): snapshot,
     * restore, reset and seeding while the server runs.
     *
     * @throws IllegalArgumentException for an unknown target or LUN, or a LUN that is not a jtgt disk
     * @throws IllegalStateException if the disk's store is not a memory store (the message says what it is)
     */
    public MemoryLun memoryLun(String targetName, int lun) {
        ScsiDisk disk = requireDisk(targetName, lun);
        if (disk.store() instanceof MemoryStore store) {
            return new MemoryLun(this, requireTarget(targetName), lun, disk, store);
        }
        throw new IllegalStateException("LUN " + lun + " of " + targetName + " is a " + disk
                + ", not a disk over a memory store: snapshots, restore, reset and seeding need a memory:SIZE LUN");
    }

    /**
     * Ends every session logged in to {@code target} and waits until they ended, at most 10 s:
     * their connections are closed on their workers, which completes or aborts their commands.
     */
    void endSessions(ServedTarget target, String reason) {
        List<IscsiSession> ending = sessionsOf(target);
        for (IscsiSession s : ending) {
            s.close(reason);
        }
        awaitUpTo(Duration.ofSeconds(10), () -> ending.stream().noneMatch(s -> sessions.find(s.tsih()) == s));
    }

    /**
     * Waits until {@code done} is true, checking every 5 ms, for at most {@code timeout} or
     * until interrupted (the interrupt status is kept).
     */
    private static void awaitUpTo(Duration timeout, BooleanSupplier done) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private List<IscsiSession> sessionsOf(ServedTarget target) {
        List<IscsiSession> of = new ArrayList<>();
        for (IscsiSession s : sessions.all()) {
            if (s.target() == target) {
                of.add(s);
            }
        }
        return of;
    }

    /**
     * Makes a disk LUN read-only or writable while it serves. Writes already running finish;
     * later ones get DATA PROTECT, MODE SENSE shows the WP bit, and every session connected to
     * the LUN gets MODE PARAMETERS CHANGED on its next command, so initiators re-read the write
     * protection. Setting the state the LUN already has changes nothing.
     *
     * @throws IllegalArgumentException for an unknown target or LUN, or a LUN that is not a jtgt
     *         disk (a plugged-in {@link LogicalUnit} manages its own write protection)
     * @throws IllegalStateException to make a disk over a read-only store writable
     */
    public void setReadOnly(String targetName, int lun, boolean readOnly) {
        ScsiDisk disk = requireDisk(targetName, lun);
        if (disk.readOnly() != readOnly) {
            disk.setReadOnly(readOnly);
            LOG.info("server {}: target {} LUN {} is now {}", name, targetName, lun, readOnly ? "read-only" : "writable");
        }
    }

    /**
     * Whether a disk LUN is read-only now.
     *
     * @throws IllegalArgumentException as {@link #setReadOnly}
     */
    public boolean readOnly(String targetName, int lun) {
        return requireDisk(targetName, lun).readOnly();
    }

    private ScsiDisk requireDisk(String targetName, int lun) {
        ServedTarget target;
        synchronized (this) {
            requireStarted();
            target = requireTarget(targetName);
        }
        MappedLun mapped = target.mapped(lun);
        if (mapped == null) {
            throw new IllegalArgumentException("target " + target.name() + " has no LUN " + lun);
        }
        if (!(mapped.unit() instanceof ScsiDisk disk)) {
            throw new IllegalArgumentException("LUN " + lun + " of " + target.name() + " is a " + mapped.unit().deviceType()
                    + " unit of " + mapped.unit().getClass().getName() + ", not a jtgt disk");
        }
        return disk;
    }

    /**
     * Ends a session by its id ({@code isid-tsih}, as management shows it).
     *
     * @return whether a session of that id existed
     */
    public boolean closeSession(String sessionId) {
        for (IscsiSession s : sessions.all()) {
            if (s.id().equalsIgnoreCase(sessionId)) {
                s.close("closed by management");
                return true;
            }
        }
        return false;
    }

    /** Changes the number of I/O worker threads live (see {@link WorkerPool#resize}). */
    public void resize(int threads) throws IOException {
        requireStarted();
        workers.resize(threads);
    }

    private ServedTarget requireTarget(String targetName) {
        ServedTarget target = targets.find(targetName);
        if (target == null) {
            throw new IllegalArgumentException("no target " + targetName);
        }
        return target;
    }

    private static void closeQuietly(LogicalUnit unit) {
        try {
            unit.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("closing {} failed: {}", unit, e.toString());
        }
    }

    private void requireStarted() {
        if (portals.isEmpty()) {
            throw new IllegalStateException("server " + name + " is not started");
        }
    }

    /**
     * Stops: no more connections are accepted; every session is asked to log out (an
     * asynchronous logout request) and given the shutdown grace period to do so; then the
     * remaining connections are closed, the workers stop, and every logical unit and store is
     * closed. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        faults.close();                // stalled and delayed responses go out, so that sessions can log out
        for (PortalListener l : listeners) {
            l.close();
        }
        awaitLogouts();
        if (workers != null) {
            workers.close();
        }
        if (storeExecutor != null) {
            storeExecutor.shutdown();
            try {
                if (!storeExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("server {}: store operations still running after 10 s", name);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (ServedTarget t : targets.all()) {
            targets.remove(t.name());
            t.close();
        }
        portals = List.of();
        events.serverStopped(this);
        LOG.info("server {} stopped", name);
    }

    private void awaitLogouts() {
        List<IscsiSession> live = sessions.all();
        if (live.isEmpty() || builder.shutdownGrace.isZero()) {
            return;
        }
        int seconds = (int) Math.max(1, builder.shutdownGrace.toSeconds());
        for (IscsiSession s : live) {
            IscsiConnection c = s.connection();
            if (c != null) {
                c.requestLogout(seconds);
            }
        }
        long deadline = System.nanoTime() + builder.shutdownGrace.toNanos();
        while (sessions.size() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (sessions.size() > 0) {
            LOG.info("server {}: {} session(s) did not log out within {} ms; closing them", name, sessions.size(),
                    builder.shutdownGrace.toMillis());
        }
    }

    /** Configures a {@link JtgtServer}. Not thread-safe. */
    public static final class Builder {

        private String name;
        private final List<InetSocketAddress> portals = new ArrayList<>();
        private int threads = Runtime.getRuntime().availableProcessors();
        private int storeThreads = 16;
        private long bufferPoolBytes = 256L * 1024 * 1024;
        private final Map<String, TargetBuilder> targets = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> sources = new LinkedHashMap<>();
        private NegotiationSettings negotiation = NegotiationSettings.defaults();
        private EngineContext.ConnectionTimers timers = EngineContext.ConnectionTimers.defaults();
        private ClassLoader classLoader = Thread.currentThread().getContextClassLoader();
        private Duration shutdownGrace = Duration.ofSeconds(2);
        private AccessPolicy discoveryAccess = AccessPolicy.OPEN;
        private Limits limits = Limits.defaults();

        private Builder() {
        }

        /** The instance name (threads, management); unique names are chosen by default. */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name);
            return this;
        }

        /** A portal to listen on; port 0 picks a free port. Default: 127.0.0.1, a free port. */
        public Builder portal(String host, int port) {
            portals.add(new InetSocketAddress(host, port));
            return this;
        }

        public Builder portal(InetSocketAddress address) {
            portals.add(Objects.requireNonNull(address));
            return this;
        }

        /** I/O worker threads ({@code -T}); default: the number of processors. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** Threads for blocking stores (files); default 16. */
        public Builder storeThreads(int storeThreads) {
            if (storeThreads < 1) {
                throw new IllegalArgumentException("store threads must be at least 1, not " + storeThreads);
            }
            this.storeThreads = storeThreads;
            return this;
        }

        /** How many bytes of idle data buffers the server keeps for reuse; default 256 MiB. */
        public Builder bufferPoolBytes(long bytes) {
            this.bufferPoolBytes = bytes;
            return this;
        }

        /** A target and its LUNs. */
        public Builder target(String name, Consumer<TargetBuilder> configure) {
            TargetBuilder t = new TargetBuilder(name);
            configure.accept(t);
            if (targets.putIfAbsent(t.name().toLowerCase(Locale.ROOT), t) != null) {
                throw new IllegalArgumentException("target " + name + " is given twice");
            }
            return this;
        }

        /** A target from the SPI; the server owns its logical units from now on. */
        public Builder target(Target target) {
            return target(target.name(), t -> {
                t.alias(target.alias());
                t.access(target.access());
                for (Map.Entry<Integer, LogicalUnit> e : target.logicalUnits().entrySet()) {
                    t.lun(e.getKey(), e.getValue());
                }
            });
        }

        /** Targets from the {@link TargetProvider} named {@code source}, asked at start with {@code settings}. */
        public Builder targetsFrom(String source, Map<String, String> settings) {
            sources.put(source, Map.copyOf(settings));
            return this;
        }

        /** The target's negotiation limits. */
        public Builder negotiation(NegotiationSettings settings) {
            this.negotiation = Objects.requireNonNull(settings);
            return this;
        }

        /** NOP-In and login timers. */
        public Builder timers(EngineContext.ConnectionTimers timers) {
            this.timers = Objects.requireNonNull(timers);
            return this;
        }

        /**
         * How long {@link JtgtServer#close()} waits for initiators to log out after asking them
         * to; default 2 s; zero closes connections at once.
         */
        public Builder shutdownGrace(Duration grace) {
            if (grace.isNegative()) {
                throw new IllegalArgumentException("shutdown grace " + grace + " is negative");
            }
            this.shutdownGrace = grace;
            return this;
        }

        /** Who may open discovery sessions (CHAP for discovery, allow rules); default: everyone. */
        public Builder discoveryAccess(AccessPolicy policy) {
            this.discoveryAccess = Objects.requireNonNull(policy);
            return this;
        }

        /** What initiators are granted: connections, sessions, transfer sizes, buffers. */
        public Builder limits(Limits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        /** Where providers are looked up; default: the context class loader. */
        public Builder classLoader(ClassLoader loader) {
            this.classLoader = Objects.requireNonNull(loader);
            return this;
        }

        /** A server with this configuration, not started. */
        public JtgtServer build() {
            if (portals.isEmpty()) {
                portals.add(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            }
            return new JtgtServer(this);
        }

        /** Builds and starts. */
        public JtgtServer start() throws IOException {
            return build().start();
        }
    }
}
