package org.jtgt.transport;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.iscsi.Limits;

/**
 * Counts open connections per peer address across every portal of a server and admits new
 * ones within {@link Limits#connectionsPerAddress()}. Thread-safe: the acceptor admits,
 * whichever worker closes a connection releases it.
 */
public final class ConnectionCounter {

    private final Limits limits;
    private final ConcurrentMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    public ConnectionCounter(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /** Counts a connection from {@code peer} if there is room; false if the address has too many. */
    boolean admit(InetAddress peer) {
        AtomicInteger n = perAddress.computeIfAbsent(peer, a -> new AtomicInteger());
        if (n.incrementAndGet() > limits.connectionsPerAddress()) {
            release(peer);
            return false;
        }
        return true;
    }

    /** A connection from {@code peer} closed. */
    void release(InetAddress peer) {
        perAddress.computeIfPresent(peer, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
    }

    /** Open connections from {@code peer}. */
    public int open(InetAddress peer) {
        AtomicInteger n = perAddress.get(peer);
        return n == null ? 0 : n.get();
    }
}
