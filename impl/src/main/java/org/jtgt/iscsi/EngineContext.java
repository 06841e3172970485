package org.jtgt.iscsi;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jtgt.api.AccessPolicy;
import org.jtgt.buffer.BufferPool;
import org.jtgt.fault.FaultInjector;
import org.jtgt.login.NegotiationSettings;

/**
 * What every connection of a server shares: targets, sessions, negotiation limits, buffers, the
 * executor for blocking stores, and the timers of connection housekeeping. Immutable; its
 * members are thread-safe.
 *
 * @param settings the target's negotiation limits
 * @param targets the served targets
 * @param sessions the live sessions
 * @param buffers direct buffers for data
 * @param blockingExecutor where calls to blocking stores run
 * @param portalGroupTag the tag of the one portal group all portals belong to
 * @param portals the bound portal addresses, for SendTargets
 * @param timers NOP-In and login timeouts
 * @param events where session starts and ends are reported
 * @param discoveryAccess who may open discovery sessions (CHAP, allow rules)
 * @param random where CHAP challenges come from
 * @param limits what initiators are granted (sessions, transfer sizes, buffers)
 * @param faults the fault rules commands are checked against
 */
public record EngineContext(
        NegotiationSettings settings,
        TargetRegistry targets,
        SessionRegistry sessions,
        BufferPool buffers,
        Executor blockingExecutor,
        int portalGroupTag,
        Supplier<List<InetSocketAddress>> portals,
        ConnectionTimers timers,
        SessionEvents events,
        AccessPolicy discoveryAccess,
        SecureRandom random,
        Limits limits,
        FaultInjector faults) {

    /** A context whose fault injector is its own, with no rules. */
    public EngineContext(NegotiationSettings settings, TargetRegistry targets, SessionRegistry sessions, BufferPool buffers,
            Executor blockingExecutor, int portalGroupTag, Supplier<List<InetSocketAddress>> portals, ConnectionTimers timers,
            SessionEvents events, AccessPolicy discoveryAccess, SecureRandom random, Limits limits) {
        this(settings, targets, sessions, buffers, blockingExecutor, portalGroupTag, portals, timers, events, discoveryAccess, random,
                limits, new FaultInjector("engine"));
    }

    /**
     * Connection housekeeping.
     *
     * @param nopInMillis after this long without a PDU from the initiator the target sends a
     *        NOP-In ping; 0 disables pings
     * @param nopTimeoutMillis a ping not answered within this time closes the connection
     * @param loginTimeoutMillis a connection that has not completed login by then is closed
     */
    public record ConnectionTimers(long nopInMillis, long nopTimeoutMillis, long loginTimeoutMillis) {

        public static ConnectionTimers defaults() {
            return new ConnectionTimers(15_000, 30_000, 30_000);
        }
    }
}
