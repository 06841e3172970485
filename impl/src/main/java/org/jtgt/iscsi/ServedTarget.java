package org.jtgt.iscsi;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.LogicalUnit;
import org.jtgt.login.TargetDescription;
import org.jtgt.pdu.Lun;

/**
 * A target as the engine serves it: its name, alias and current LUN map. The map is replaced
 * as a whole when LUNs change (copy on write), so readers on any worker see a consistent map
 * without locking. Thread-safe.
 */
public final class ServedTarget {

    private static final Logger LOG = LogManager.getLogger(ServedTarget.class);

    private final String name;
    private final String alias;
    private volatile SortedMap<Integer, LogicalUnit> units;

    public ServedTarget(String name, String alias, Map<Integer, LogicalUnit> units) {
        this.name = IscsiNames.check(name);
        this.alias = alias;
        TreeMap<Integer, LogicalUnit> copy = new TreeMap<>(units);
        for (int lun : copy.keySet()) {
            if (lun < 0 || lun > Lun.MAX) {
                throw new IllegalArgumentException("target " + name + ": LUN " + lun + " is outside 0.." + Lun.MAX);
            }
        }
        this.units = Collections.unmodifiableSortedMap(copy);
    }

    public String name() {
        return name;
    }

    /** The name as targets are looked up: lower case (iSCSI names are case-insensitive). */
    public String key() {
        return key(name);
    }

    static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The alias, or {@code null}. */
    public String alias() {
        return alias;
    }

    /** The logical unit at {@code lun}, or {@code null} if none is mapped there. */
    public LogicalUnit logicalUnit(int lun) {
        return units.get(lun);
    }

    /** The current LUN map, unmodifiable. */
    public SortedMap<Integer, LogicalUnit> logicalUnits() {
        return units;
    }

    TargetDescription description() {
        return new TargetDescription(name, alias);
    }

    /** Closes every logical unit; called once when the target stops serving. */
    public void close() {
        for (Map.Entry<Integer, LogicalUnit> e : units.entrySet()) {
            try {
                e.getValue().close();
            } catch (IOException | RuntimeException ex) {
                LOG.warn("target {}: closing LUN {} failed: {}", name, e.getKey(), ex.toString());
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
