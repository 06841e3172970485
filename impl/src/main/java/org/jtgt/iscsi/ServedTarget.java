package org.jtgt.iscsi;

import java.io.IOException;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.LogicalUnit;
import org.jtgt.login.TargetDescription;
import org.jtgt.pdu.Lun;

/**
 * A target as the engine serves it: its name, alias and current LUN map. The map is replaced
 * as a whole when LUNs change (copy on write), so readers on any worker see a consistent map
 * without locking; each change bumps {@link #lunMapVersion()}, which tells every session to
 * report REPORT LUNS DATA HAS CHANGED. Thread-safe.
 */
public final class ServedTarget {

    private static final Logger LOG = LogManager.getLogger(ServedTarget.class);

    private final String name;
    private final String alias;
    private volatile SortedMap<Integer, MappedLun> luns;
    private volatile int lunMapVersion;
    private volatile AccessPolicy access;

    /** A target that lets everyone in. */
    public ServedTarget(String name, String alias, Map<Integer, LogicalUnit> units) {
        this(name, alias, units, AccessPolicy.OPEN);
    }

    public ServedTarget(String name, String alias, Map<Integer, LogicalUnit> units, AccessPolicy access) {
        this.name = IscsiNames.check(name);
        this.alias = alias;
        this.access = access;
        TreeMap<Integer, MappedLun> map = new TreeMap<>();
        for (Map.Entry<Integer, LogicalUnit> e : units.entrySet()) {
            checkLun(e.getKey());
            map.put(e.getKey(), new MappedLun(e.getKey(), e.getValue()));
        }
        this.luns = Collections.unmodifiableSortedMap(map);
    }

    private void checkLun(int lun) {
        if (lun < 0 || lun > Lun.MAX) {
            throw new IllegalArgumentException("target " + name + ": LUN " + lun + " is outside 0.." + Lun.MAX);
        }
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
        MappedLun m = luns.get(lun);
        return m == null ? null : m.unit();
    }

    /** The mapping at {@code lun}, or {@code null}. */
    public MappedLun mapped(int lun) {
        return luns.get(lun);
    }

    /** The current LUN map, unmodifiable. */
    public SortedMap<Integer, MappedLun> luns() {
        return luns;
    }

    /** The current logical units by LUN, unmodifiable. */
    public SortedMap<Integer, LogicalUnit> logicalUnits() {
        TreeMap<Integer, LogicalUnit> units = new TreeMap<>();
        luns.forEach((lun, m) -> units.put(lun, m.unit()));
        return Collections.unmodifiableSortedMap(units);
    }

    /** Changes with every LUN added or removed. */
    public int lunMapVersion() {
        return lunMapVersion;
    }

    /**
     * Maps a unit at a free LUN.
     *
     * @throws IllegalArgumentException if the LUN is taken or out of range
     */
    public synchronized MappedLun addLun(int lun, LogicalUnit unit) {
        checkLun(lun);
        if (luns.containsKey(lun)) {
            throw new IllegalArgumentException("target " + name + " already has LUN " + lun);
        }
        TreeMap<Integer, MappedLun> map = new TreeMap<>(luns);
        MappedLun m = new MappedLun(lun, unit);
        map.put(lun, m);
        luns = Collections.unmodifiableSortedMap(map);
        lunMapVersion++;
        return m;
    }

    /**
     * Unmaps a LUN: new commands to it fail with LOGICAL UNIT NOT SUPPORTED. The caller closes
     * the unit once {@link MappedLun#inFlight()} is zero.
     *
     * @throws IllegalArgumentException if no unit is mapped there
     */
    public synchronized MappedLun removeLun(int lun) {
        MappedLun m = luns.get(lun);
        if (m == null) {
            throw new IllegalArgumentException("target " + name + " has no LUN " + lun);
        }
        TreeMap<Integer, MappedLun> map = new TreeMap<>(luns);
        map.remove(lun);
        luns = Collections.unmodifiableSortedMap(map);
        lunMapVersion++;
        return m;
    }

    /** Who may log in (CHAP accounts, allow rules); applies to logins from now on. */
    public AccessPolicy access() {
        return access;
    }

    /** Changes who may log in; sessions already logged in stay. */
    public void setAccess(AccessPolicy policy) {
        this.access = policy;
    }

    TargetDescription description() {
        return new TargetDescription(name, alias, access);
    }

    /** Closes every logical unit; called once when the target stops serving. */
    public void close() {
        for (MappedLun m : luns.values()) {
            try {
                m.unit().close();
            } catch (IOException | RuntimeException ex) {
                LOG.warn("target {}: closing LUN {} failed: {}", name, m.lun(), ex.toString());
            }
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
