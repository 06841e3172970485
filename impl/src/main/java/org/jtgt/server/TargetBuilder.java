package org.jtgt.server;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.BackingStore;
import org.jtgt.api.LogicalUnit;
import org.jtgt.iscsi.IscsiNames;
import org.jtgt.pdu.Lun;
import org.jtgt.scsi.DiskProvider;

/**
 * Describes one target for {@link JtgtServer.Builder#target}: its alias and its LUNs, each a
 * store URI (opened when the server starts), an open store, or a ready logical unit. Not
 * thread-safe; used while building.
 */
public final class TargetBuilder {

    /** How a LUN is to be made when the server starts. */
    sealed interface LunSpec permits UriLun, StoreLun, UnitLun {
    }

    record UriLun(String deviceType, String storeUri, Map<String, String> options) implements LunSpec {
    }

    record StoreLun(String deviceType, BackingStore store, Map<String, String> options) implements LunSpec {
    }

    record UnitLun(LogicalUnit unit) implements LunSpec {
    }

    private final String name;
    private String alias;
    private AccessPolicy access = AccessPolicy.OPEN;
    private final Map<Integer, LunSpec> luns = new LinkedHashMap<>();

    TargetBuilder(String name) {
        this.name = IscsiNames.check(name);
    }

    String name() {
        return name;
    }

    String alias() {
        return alias;
    }

    Map<Integer, LunSpec> luns() {
        return luns;
    }

    AccessPolicy access() {
        return access;
    }

    /** Who may log in: CHAP accounts, mutual CHAP, allowed initiators. Default: everyone, no CHAP. */
    public TargetBuilder access(AccessPolicy policy) {
        this.access = Objects.requireNonNull(policy);
        return this;
    }

    /** The TargetAlias sent at login. */
    public TargetBuilder alias(String alias) {
        this.alias = alias;
        return this;
    }

    /** A disk at {@code lun} over the store {@code storeUri} names, e.g. {@code memory:1G}. */
    public TargetBuilder lun(int lun, String storeUri) {
        return lun(lun, storeUri, Map.of());
    }

    /** A disk with options (see {@link DiskProvider}) over a store URI. */
    public TargetBuilder lun(int lun, String storeUri, Map<String, String> options) {
        return put(lun, new UriLun(DiskProvider.DEVICE_TYPE, Objects.requireNonNull(storeUri, "store URI"), Map.copyOf(options)));
    }

    /** A logical unit of any installed device type over a store URI. */
    public TargetBuilder lun(int lun, String deviceType, String storeUri, Map<String, String> options) {
        return put(lun, new UriLun(deviceType, storeUri, Map.copyOf(options)));
    }

    /** A disk over a store the caller opened; the server owns and closes it from now on. */
    public TargetBuilder lun(int lun, BackingStore store) {
        return put(lun, new StoreLun(DiskProvider.DEVICE_TYPE, Objects.requireNonNull(store, "store"), Map.of()));
    }

    /** A ready logical unit; the server owns and closes it from now on. */
    public TargetBuilder lun(int lun, LogicalUnit unit) {
        return put(lun, new UnitLun(Objects.requireNonNull(unit, "unit")));
    }

    private TargetBuilder put(int lun, LunSpec spec) {
        if (lun < 0 || lun > Lun.MAX) {
            throw new IllegalArgumentException("target " + name + ": LUN " + lun + " is outside 0.." + Lun.MAX);
        }
        if (luns.putIfAbsent(lun, spec) != null) {
            throw new IllegalArgumentException("target " + name + ": LUN " + lun + " is given twice");
        }
        return this;
    }
}
