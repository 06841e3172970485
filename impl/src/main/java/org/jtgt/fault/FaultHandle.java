package org.jtgt.fault;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import org.jtgt.api.FaultRule;

/**
 * One installed fault rule: its id (for removal by name over JMX), the rule, its scope, and how
 * many faults it injected. {@link #remove()} uninstalls it; the responses it stalled are then
 * released. Thread-safe.
 */
public final class FaultHandle {

    private final String id;
    private final FaultRule rule;
    private final FaultScope scope;
    private final FaultInjector owner;
    private final LongAdder fired = new LongAdder();
    private final List<Runnable> onRemoval = new ArrayList<>();
    private boolean removed;
    private volatile boolean failureLogged;

    FaultHandle(String id, FaultRule rule, FaultScope scope, FaultInjector owner) {
        this.id = id;
        this.rule = rule;
        this.scope = scope;
        this.owner = owner;
    }

    /** The id, {@code f1}, {@code f2}, ... in the order rules were installed on the server. */
    public String id() {
        return id;
    }

    public FaultRule rule() {
        return rule;
    }

    public FaultScope scope() {
        return scope;
    }

    /** Faults this rule injected so far. */
    public long fired() {
        return fired.sum();
    }

    /** Whether the rule is still installed. */
    public synchronized boolean installed() {
        return !removed;
    }

    /**
     * Uninstalls the rule: no command is asked about from now on, and the responses it stalled
     * are sent.
     *
     * @return false if it had been removed already
     */
    public boolean remove() {
        return owner.remove(this);
    }

    /**
     * The engine holds a stalled response until this rule is removed: {@code release} runs
     * then, once, on the thread that removes the rule (it must only hand work to the
     * connection's thread). Engine side; from any thread.
     *
     * @return false if the rule was removed already: the response is not held
     */
    public synchronized boolean holdUntilRemoved(Runnable release) {
        if (removed) {
            return false;
        }
        onRemoval.add(release);
        return true;
    }

    /** The held response ended otherwise (aborted, session gone): forget its release. Engine side. */
    public synchronized void forget(Runnable release) {
        onRemoval.remove(release);
    }

    /** Called by the injector once when the rule leaves it; runs the releases. */
    void removed() {
        List<Runnable> releases;
        synchronized (this) {
            removed = true;
            releases = List.copyOf(onRemoval);
            onRemoval.clear();
        }
        releases.forEach(Runnable::run);
    }

    void countFired() {
        fired.increment();
    }

    /** Whether this is the first failure of the rule to log loudly (later ones are logged quietly). */
    boolean firstFailure() {
        if (failureLogged) {
            return false;
        }
        failureLogged = true;
        return true;
    }

    /** Responses this rule holds now. */
    public synchronized int held() {
        return onRemoval.size();
    }

    /** E.g. {@code f3 medium-error lba=1000-1007 count=1 (fired 1)}. */
    @Override
    public String toString() {
        return id + " " + rule + " (fired " + fired() + ")";
    }
}
