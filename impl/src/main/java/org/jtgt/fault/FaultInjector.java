package org.jtgt.fault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.CommandInfo;
import org.jtgt.api.Fault;
import org.jtgt.api.FaultRule;

/**
 * The fault rules of a server, installed and removed while it runs: {@code server.faults()}
 * for every logical unit, {@link #forTarget} and {@link #forLun} for fewer. Every view shares
 * the server's one list of rules; a view adds rules for its own scope and lists, removes and
 * clears only the rules inside it.
 *
 * <pre>{@code
 * FaultHandle h = server.faults().forLun(TARGET, 0).add("medium-error lba=1000-1007 count=1");
 * ...
 * h.remove();
 * }</pre>
 *
 * <h2>Cost</h2>
 * The engine asks {@link #active()} for each command that reaches a logical unit: one volatile
 * read of the rule array, no allocation. Only when rules are installed does it build a view of
 * the command and {@link #decide}.
 *
 * <h2>Threading</h2>
 * Thread-safe. Management calls (add, remove, clear) copy the rule array under a lock; the
 * engine reads it without one. Delayed responses run on one scheduler thread of the server,
 * started when the first delay is asked for, which only hands the response back to its
 * connection's I/O worker.
 */
public final class FaultInjector implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(FaultInjector.class);
    private static final FaultHandle[] NONE = {};

    /** A fault decided for a command, and the rule that decided it. */
    public record Decision(Fault fault, FaultHandle source) {
    }

    /** What every view of one server shares. */
    private static final class Rules {
        private final String serverName;
        private final AtomicInteger ids = new AtomicInteger();
        private volatile FaultHandle[] installed = NONE;
        private final Set<Runnable> delayed = ConcurrentHashMap.newKeySet();
        private ScheduledThreadPoolExecutor scheduler;
        private boolean closed;

        Rules(String serverName) {
            this.serverName = serverName;
        }
    }

    private final Rules rules;
    private final FaultScope scope;

    /** The rules of a server named {@code serverName} (names the scheduler thread), none installed. */
    public FaultInjector(String serverName) {
        this(new Rules(serverName), FaultScope.ALL);
    }

    private FaultInjector(Rules rules, FaultScope scope) {
        this.rules = rules;
        this.scope = scope;
    }

    /** The view of one target's logical units. */
    public FaultInjector forTarget(String target) {
        return within(FaultScope.target(target));
    }

    /** The view of one logical unit. */
    public FaultInjector forLun(String target, int lun) {
        return within(FaultScope.lun(target, lun));
    }

    private FaultInjector within(FaultScope inner) {
        if (!scope.contains(inner)) {
            throw new IllegalArgumentException(inner + " is outside " + scope);
        }
        return new FaultInjector(rules, inner);
    }

    /** Where the rules this view adds apply. */
    public FaultScope scope() {
        return scope;
    }

    // ---- management

    /** Installs a rule in this view's scope, after the rules installed before it. */
    public FaultHandle add(FaultRule rule) {
        Objects.requireNonNull(rule, "rule");
        FaultHandle handle;
        synchronized (rules) {
            if (rules.closed) {
                throw new IllegalStateException("server " + rules.serverName + " has stopped");
            }
            handle = new FaultHandle("f" + rules.ids.incrementAndGet(), rule, scope, this);
            FaultHandle[] now = rules.installed;
            FaultHandle[] next = Arrays.copyOf(now, now.length + 1);
            next[now.length] = handle;
            rules.installed = next;
        }
        LOG.info("server {}: fault rule {} installed for {}: {}", rules.serverName, handle.id(), scope, rule);
        return handle;
    }

    /**
     * Parses and installs a built-in rule, e.g. {@code medium-error lba=1000-1007 count=1}
     * (syntax: {@link FaultRuleParser}).
     *
     * @throws IllegalArgumentException if the text is not a rule; the message says why
     */
    public FaultHandle add(String rule) {
        return add(FaultRuleParser.parse(rule));
    }

    /** The rules installed inside this view's scope, in order. */
    public List<FaultHandle> list() {
        List<FaultHandle> inside = new ArrayList<>();
        for (FaultHandle h : rules.installed) {
            if (scope.contains(h.scope())) {
                inside.add(h);
            }
        }
        return inside;
    }

    /** The rule of that id inside this view's scope, or {@code null}. */
    public FaultHandle find(String id) {
        for (FaultHandle h : list()) {
            if (h.id().equalsIgnoreCase(id.trim())) {
                return h;
            }
        }
        return null;
    }

    /**
     * Removes the rule of that id, if it is inside this view's scope.
     *
     * @return whether it was
     */
    public boolean remove(String id) {
        FaultHandle h = find(id);
        return h != null && remove(h);
    }

    boolean remove(FaultHandle handle) {
        synchronized (rules) {
            FaultHandle[] now = rules.installed;
            int at = Arrays.asList(now).indexOf(handle);
            if (at < 0) {
                return false;
            }
            FaultHandle[] next = new FaultHandle[now.length - 1];
            System.arraycopy(now, 0, next, 0, at);
            System.arraycopy(now, at + 1, next, at, now.length - at - 1);
            rules.installed = next.length == 0 ? NONE : next;
        }
        LOG.info("server {}: fault rule {} removed after {} faults", rules.serverName, handle.id(), handle.fired());
        handle.removed();
        return true;
    }

    /**
     * Removes every rule inside this view's scope.
     *
     * @return how many
     */
    public int clear() {
        int n = 0;
        for (FaultHandle h : list()) {
            if (remove(h)) {
                n++;
            }
        }
        return n;
    }

    // ---- engine side

    /** Whether any rule is installed, anywhere on the server: one volatile read. */
    public boolean active() {
        return rules.installed.length > 0;
    }

    /**
     * Asks the rules whose scope covers {@code lun} of {@code targetName}, in order, for a fault
     * for {@code command}; the first fault decides. A rule that throws is logged and passes.
     * On an I/O worker.
     *
     * @return the decision, or {@code null} for none
     */
    public Decision decide(CommandInfo command, String targetName, int lun) {
        for (FaultHandle h : rules.installed) {
            if (!h.scope().covers(targetName, lun)) {
                continue;
            }
            Fault fault;
            try {
                fault = h.rule().decide(command);
            } catch (RuntimeException e) {
                if (h.firstFailure()) {
                    LOG.warn("server {}: fault rule {} failed on {}; it counts as no fault", rules.serverName, h.id(),
                            command.operationName(), e);
                } else {
                    LOG.debug("fault rule {} failed again: {}", h.id(), e.toString());
                }
                continue;
            }
            if (fault != null) {
                h.countFired();
                LOG.debug("fault rule {}: {} for {} lba {}", h.id(), fault, command.operationName(), command.lba());
                return new Decision(fault, h);
            }
        }
        return null;
    }

    /**
     * Runs {@code action} after {@code delay} on the scheduler thread; {@code action} must only
     * hand work to an I/O worker. After {@link #close()} it runs at once.
     */
    public void schedule(Duration delay, Runnable action) {
        ScheduledThreadPoolExecutor s;
        synchronized (rules) {
            if (rules.closed) {
                s = null;
            } else {
                if (rules.scheduler == null) {
                    rules.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
                        Thread t = new Thread(r, rules.serverName + "-faults");
                        t.setDaemon(true);
                        return t;
                    });
                    rules.scheduler.setRemoveOnCancelPolicy(true);
                }
                s = rules.scheduler;
            }
        }
        if (s == null) {
            action.run();
            return;
        }
        Runnable once = new Runnable() {
            @Override
            public void run() {
                if (rules.delayed.remove(this)) {
                    action.run();
                }
            }
        };
        rules.delayed.add(once);
        s.schedule(once, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * The server stops: every rule is removed (stalled responses are released), delayed
     * responses are handed back at once, the scheduler thread ends, and no rule can be added.
     */
    @Override
    public void close() {
        ScheduledThreadPoolExecutor s;
        synchronized (rules) {
            rules.closed = true;
            s = rules.scheduler;
            rules.scheduler = null;
        }
        new FaultInjector(rules, FaultScope.ALL).clear();
        if (s != null) {
            s.shutdownNow();
        }
        for (Runnable pending : List.copyOf(rules.delayed)) {
            pending.run();
        }
    }
}
