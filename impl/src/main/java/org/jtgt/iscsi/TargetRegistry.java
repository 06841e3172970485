package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The targets a server serves, by name (case-insensitive). Thread-safe. */
public final class TargetRegistry {

    private final ConcurrentMap<String, ServedTarget> targets = new ConcurrentHashMap<>();

    /**
     * Adds a target.
     *
     * @throws IllegalArgumentException if a target of that name exists
     */
    public void add(ServedTarget target) {
        if (targets.putIfAbsent(target.key(), target) != null) {
            throw new IllegalArgumentException("target " + target.name() + " is defined twice");
        }
    }

    /** Removes and returns a target, or {@code null} if there is none of that name. */
    public ServedTarget remove(String name) {
        return targets.remove(ServedTarget.key(name));
    }

    /** The target of that name, or {@code null}. */
    public ServedTarget find(String name) {
        return name == null ? null : targets.get(ServedTarget.key(name));
    }

    /** All targets, sorted by name. */
    public List<ServedTarget> all() {
        List<ServedTarget> list = new ArrayList<>(targets.values());
        list.sort(Comparator.comparing(ServedTarget::key));
        return list;
    }
}
