package org.jtgt.scsi;

import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentHashMap;
import org.jtgt.api.Nexus;
import org.jtgt.api.SenseData;

/**
 * The unit attention conditions of one logical unit, a queue per I_T nexus (SAM-5 §5.14,
 * SPC-4 §4.5.2). A nexus the unit has not seen yet, or has forgotten, starts with POWER ON,
 * RESET, OR BUS DEVICE RESET OCCURRED pending: its first command after the unit was created
 * reports it. The dispatcher {@linkplain #take takes} the oldest pending condition for each
 * command that reports one (all but INQUIRY, REPORT LUNS and REQUEST SENSE) and ends the
 * command with it; REQUEST SENSE takes it as its sense data. Either way it is cleared once
 * reported (UA_INTLCK_CTRL 00b).
 *
 * <p>Queueing rules: a condition already pending for a nexus is not queued twice, so a queue
 * never holds more than the handful of distinct conditions a disk establishes. A reset
 * condition (ASC 29h) replaces everything pending for the nexus: after a reset the initiator
 * has to rediscover the unit's state anyway.
 * Conditions are established only for nexuses the unit knows; one it does not know gets its
 * power-on condition when it first shows up.
 *
 * <p>Thread-safe: sessions of different I/O workers report, establish and forget conditions at
 * once. {@link #take} on a nexus with nothing pending costs a map lookup and a volatile read.
 */
final class UnitAttentions {

    private static final int RESET_ASC = 0x29;

    private final ConcurrentHashMap<Nexus, Pending> byNexus = new ConcurrentHashMap<>();

    /**
     * Removes and returns the oldest condition pending for {@code nexus}, or {@code null} if
     * none is; a nexus seen for the first time has POWER ON, RESET, OR BUS DEVICE RESET
     * OCCURRED pending.
     */
    SenseData take(Nexus nexus) {
        Pending p = byNexus.get(nexus);
        if (p == null) {
            p = byNexus.computeIfAbsent(nexus, n -> new Pending(SenseCodes.POWER_ON_RESET_OCCURRED));
        }
        return p.poll();
    }

    /** Establishes {@code condition} for {@code nexus}, if the unit knows it. */
    void establish(Nexus nexus, SenseData condition) {
        Pending p = byNexus.get(nexus);
        if (p != null) {
            p.add(condition);
        }
    }

    /** Establishes {@code condition} for every nexus the unit knows. */
    void establishForAll(SenseData condition) {
        for (Pending p : byNexus.values()) {
            p.add(condition);
        }
    }

    /** Establishes {@code condition} for every nexus the unit knows but {@code except}. */
    void establishForOthers(Nexus except, SenseData condition) {
        byNexus.forEach((nexus, p) -> {
            if (!nexus.equals(except)) {
                p.add(condition);
            }
        });
    }

    /** Forgets a nexus that ended, with what was pending for it. */
    void forget(Nexus nexus) {
        byNexus.remove(nexus);
    }

    /** The conditions pending for one nexus, oldest first. */
    private static final class Pending {

        private final ArrayDeque<SenseData> queue = new ArrayDeque<>(4);
        private volatile int size;

        Pending(SenseData first) {
            queue.add(first);
            size = 1;
        }

        synchronized void add(SenseData condition) {
            if (condition.asc() == RESET_ASC) {
                queue.clear();
            } else if (queue.contains(condition)) {
                return;
            }
            queue.add(condition);
            size = queue.size();
        }

        SenseData poll() {
            if (size == 0) {
                return null;
            }
            synchronized (this) {
                SenseData first = queue.poll();
                size = queue.size();
                return first;
            }
        }
    }
}
