package org.jtgt.api;

import java.util.SortedMap;

/**
 * An iSCSI target: a name, the logical units it maps to LUNs, and who may log in.
 *
 * <p>The engine reads {@link #logicalUnits()} when a target starts and owns the units from then
 * on: it closes them when the target is removed or the server stops. Implementations must be
 * thread-safe; the engine may call any method from any thread.
 */
public interface Target {

    /** The target's iSCSI name, e.g. {@code iqn.2026-11.org.jtgt:disk0}. */
    String name();

    /** A human-readable alias (the TargetAlias key), or {@code null} for none. */
    default String alias() {
        return null;
    }

    /** The logical units by LUN (0 to 16383). */
    SortedMap<Integer, LogicalUnit> logicalUnits();

    /** Who may log in: CHAP accounts and allowed initiators. The default lets everyone in. */
    default AccessPolicy access() {
        return AccessPolicy.OPEN;
    }
}
