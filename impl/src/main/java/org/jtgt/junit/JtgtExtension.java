package org.jtgt.junit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.pdu.Lun;
import org.jtgt.server.JtgtServer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension that serves iSCSI disks to tests: a {@link JtgtServer} on 127.0.0.1 on
 * a free port, and for every test a target of its own with fresh LUNs.
 *
 * <pre>{@code
 * class BackupTest {
 *     @RegisterExtension
 *     static JtgtExtension jtgt = JtgtExtension.builder().lun(0, "memory:64M").build();
 *
 *     @Test
 *     void restoresAnImage(TestTarget target, @TempDir Path dir) throws Exception {
 *         target.memoryLun(0).seed(0, Path.of("src/test/resources/golden.raw"));
 *         String url = target.url(0);        // iscsi://127.0.0.1:PORT/iqn.2026-11.org.jtgt.junit:backuptest-restoresanimage-1/0
 *         // ... run qemu-img, iscsi-inq, your driver against url ...
 *     }
 * }
 * }</pre>
 *
 * <h2>Servers</h2>
 * In a {@code static} {@code @RegisterExtension} field (or with {@code @ExtendWith}) the
 * extension starts one server before the class's tests and closes it after them; its
 * {@code @Nested} classes share it. In an instance field it starts a server for each test and
 * closes it after the test (JUnit gives instance-field extensions no before-all callback).
 *
 * <h2>A target per test</h2>
 * Before each test (before its {@code @BeforeEach} methods) the extension adds a target named
 * {@code iqn.2026-11.org.jtgt.junit:<class>-<method>-<n>} (see {@link TestTarget#iqn()}) with
 * the configured LUNs, each a fresh store opened from its URI, and the configured access
 * policy. After the test (after its {@code @AfterEach} methods) the target is removed: its
 * sessions end and its stores close. So tests that share a server never see each other's
 * data (a {@code file:} URI, opened again for every test, is the exception: use
 * {@code memory:SIZE}).
 *
 * <h2>Parameters</h2>
 * Test methods, {@code @BeforeEach} and {@code @AfterEach} methods may declare a
 * {@link JtgtServer}, a {@link TestTarget}, and {@code String}s annotated {@link LunUrl}; with a
 * static field, {@code @BeforeAll} and {@code @AfterAll} methods and constructors may declare
 * the server. Register one extension per test class if you want parameters: two would both
 * offer them, and JUnit refuses competing resolvers.
 *
 * <h2>Cleaning up</h2>
 * Servers and targets live in JUnit's {@link ExtensionContext.Store} as
 * {@link ExtensionContext.Store.CloseableResource}s, which JUnit closes when their test or class
 * ends, whether it passed, failed or was aborted. Closing a server ends its sessions and frees
 * its stores.
 *
 * <h2>Threads</h2>
 * An extension is immutable once built, and keeps everything it starts in the store of the
 * test or class it started it for: no static state. Tests of one class may run in parallel
 * ({@code junit.jupiter.execution.parallel.enabled}): each adds and removes its own target on
 * the shared server, which is thread-safe. The server's own I/O threads serve initiators; test
 * threads only configure it.
 */
public final class JtgtExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    private static final String SERVER = "server";
    private static final String TARGET = "target";

    private final int threads;
    private final SortedMap<Integer, LunSpec> luns;
    private final AccessPolicy access;
    private final Consumer<JtgtServer.Builder> serverOptions;
    private final Namespace namespace = Namespace.create(JtgtExtension.class, new Object());

    /** Defaults (one LUN, {@code memory:64M}), for {@code @ExtendWith(JtgtExtension.class)}. */
    public JtgtExtension() {
        this(builder());
    }

    private JtgtExtension(Builder b) {
        this.threads = b.threads;
        this.luns = Collections.unmodifiableSortedMap(new TreeMap<>(b.luns.isEmpty() ? Map.of(0, Builder.DEFAULT_LUN) : b.luns));
        this.access = b.access;
        this.serverOptions = b.serverOptions;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A static field: starts the class's server (unless an enclosing class's runs already). */
    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(namespace).getOrComputeIfAbsent(SERVER, key -> startServer(), StartedServer.class);
    }

    /** Starts the test's own server if there is no class-level one, then adds the test's target. */
    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        Store store = context.getStore(namespace);
        StartedServer server = store.get(SERVER, StartedServer.class);
        if (server == null) {
            server = startServer();
            store.put(SERVER, server);
        }
        String iqn = TargetNames.forTest(context.getRequiredTestClass().getSimpleName(),
                context.getRequiredTestMethod().getName(), server.nextTargetNumber());
        store.put(TARGET, new TargetLease(addTarget(server.server(), iqn)));
    }

    private StartedServer startServer() {
        JtgtServer.Builder b = JtgtServer.builder().portal("127.0.0.1", 0);
        if (threads > 0) {
            b.threads(threads);
        }
        serverOptions.accept(b);
        try {
            return new StartedServer(b.start());
        } catch (IOException e) {
            throw new UncheckedIOException("jtgt: the test server did not start: " + e.getMessage(), e);
        }
    }

    private TestTarget addTarget(JtgtServer server, String iqn) throws IOException {
        server.addTarget(iqn, null, access);
        TestTarget target = new TestTarget(server, iqn);
        try {
            for (Map.Entry<Integer, LunSpec> e : luns.entrySet()) {
                server.addLun(iqn, e.getKey(), e.getValue().storeUri(), e.getValue().options());
            }
            return target;
        } catch (IOException | RuntimeException e) {
            target.remove();
            throw e;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == JtgtServer.class || type == TestTarget.class
                || (type == String.class && parameter.isAnnotated(LunUrl.class));
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Store store = context.getStore(namespace);
        Class<?> type = parameter.getParameter().getType();
        if (type == JtgtServer.class) {
            StartedServer server = store.get(SERVER, StartedServer.class);
            if (server == null) {
                throw new ParameterResolutionException("no jtgt server runs for " + parameter.getDeclaringExecutable()
                        + ": a JtgtExtension in an instance field starts one for each test, not for the class");
            }
            return server.server();
        }
        TargetLease lease = store.get(TARGET, TargetLease.class);
        if (lease == null) {
            throw new ParameterResolutionException("no test target for " + parameter.getDeclaringExecutable()
                    + ": a TestTarget exists only for a test, its @BeforeEach and its @AfterEach methods");
        }
        if (type == TestTarget.class) {
            return lease.target();
        }
        int lun = parameter.findAnnotation(LunUrl.class).orElseThrow().value();
        if (!luns.containsKey(lun)) {
            throw new ParameterResolutionException("@LunUrl(" + lun + ") on " + parameter.getDeclaringExecutable()
                    + ": the extension serves LUNs " + luns.keySet());
        }
        return lease.target().url(lun);
    }

    /** A server the extension started, closed with the context it was started for. */
    private static final class StartedServer implements Store.CloseableResource {

        private final JtgtServer server;
        private final AtomicInteger targets = new AtomicInteger();

        StartedServer(JtgtServer server) {
            this.server = server;
        }

        JtgtServer server() {
            return server;
        }

        /** 1, 2, 3... for the targets added to this server; from any thread. */
        int nextTargetNumber() {
            return targets.incrementAndGet();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    /** A test's target, removed when the test's context closes. */
    private record TargetLease(TestTarget target) implements Store.CloseableResource {

        @Override
        public void close() {
            target.remove();
        }
    }

    /** What a LUN of every test target is made of. */
    private record LunSpec(String storeUri, Map<String, String> options) {
    }

    /** Configures a {@link JtgtExtension}. Not thread-safe; the extension it builds is. */
    public static final class Builder {

        private static final LunSpec DEFAULT_LUN = new LunSpec("memory:64M", Map.of());

        private int threads;
        private final SortedMap<Integer, LunSpec> luns = new TreeMap<>();
        private AccessPolicy access = AccessPolicy.OPEN;
        private Consumer<JtgtServer.Builder> serverOptions = b -> { };

        private Builder() {
        }

        /** I/O worker threads of the server; default: the server's default (one per processor). */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, not " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * A LUN of every test's target, a disk over a fresh store from {@code storeUri}, e.g.
         * {@code memory:64M}. Without any, each target has LUN 0 over {@code memory:64M}.
         */
        public Builder lun(int lun, String storeUri) {
            return lun(lun, storeUri, Map.of());
        }

        /** A LUN with disk options (vendor, product, revision, serial, readonly). */
        public Builder lun(int lun, String storeUri, Map<String, String> options) {
            if (lun < 0 || lun > Lun.MAX) {
                throw new IllegalArgumentException("LUN " + lun + " is outside 0.." + Lun.MAX);
            }
            if (luns.putIfAbsent(lun, new LunSpec(Objects.requireNonNull(storeUri, "store URI"), Map.copyOf(options))) != null) {
                throw new IllegalArgumentException("LUN " + lun + " is given twice");
            }
            return this;
        }

        /** Who may log in to the test targets: CHAP accounts, mutual CHAP, allow rules. Default: everyone. */
        public Builder access(AccessPolicy policy) {
            this.access = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Initiators must log in to the test targets with this CHAP account (added to the
         * access policy so far); discovery stays open unless set with {@link #server}.
         */
        public Builder chap(String name, String secret) {
            this.access = access.toBuilder().chap(ChapAccount.of(name, secret)).build();
            return this;
        }

        /**
         * Anything else about the server ({@code limits}, {@code discoveryAccess},
         * {@code shutdownGrace}, ...), applied to its builder after the extension's settings:
         * the portal 127.0.0.1 port 0 (first, and the one URLs use) and the threads.
         */
        public Builder server(Consumer<JtgtServer.Builder> options) {
            this.serverOptions = Objects.requireNonNull(options, "options");
            return this;
        }

        public JtgtExtension build() {
            return new JtgtExtension(this);
        }
    }
}
