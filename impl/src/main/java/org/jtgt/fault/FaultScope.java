package org.jtgt.fault;

/**
 * Which logical units a fault rule is installed for: every LUN of every target, every LUN of
 * one target, or one LUN. Target names compare without regard to case, as iSCSI names do.
 * Immutable.
 *
 * @param target the target's name, or {@code null} for every target
 * @param lun the LUN, or -1 for every LUN of the target
 */
public record FaultScope(String target, int lun) {

    /** Every LUN of every target. */
    public static final FaultScope ALL = new FaultScope(null, -1);

    public FaultScope {
        if (target == null && lun != -1) {
            throw new IllegalArgumentException("a LUN scope needs a target");
        }
        if (lun < -1) {
            throw new IllegalArgumentException("LUN " + lun);
        }
    }

    public static FaultScope target(String target) {
        return new FaultScope(target, -1);
    }

    public static FaultScope lun(String target, int lun) {
        if (lun < 0) {
            throw new IllegalArgumentException("LUN " + lun + " is negative");
        }
        return new FaultScope(target, lun);
    }

    /** Whether commands to {@code lun} of the target named {@code targetName} are in scope. Allocates nothing. */
    public boolean covers(String targetName, int lun) {
        return target == null || target.equalsIgnoreCase(targetName) && (this.lun < 0 || this.lun == lun);
    }

    /** Whether every unit of {@code inner} is in this scope too. */
    public boolean contains(FaultScope inner) {
        return target == null || inner.target != null && target.equalsIgnoreCase(inner.target) && (lun < 0 || lun == inner.lun);
    }

    /** {@code all}, {@code target IQN}, {@code target IQN LUN n}. */
    @Override
    public String toString() {
        return target == null ? "all" : lun < 0 ? "target " + target : "target " + target + " LUN " + lun;
    }
}
