package org.jtgt.scsi;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The current values of a disk's changeable mode parameters, shared by every I_T nexus
 * (SPC-4 §7.5): WCE of the caching page, D_SENSE and SWP of the control page. They start at
 * their defaults, change by MODE SELECT and return to the defaults on a logical unit or target
 * reset; saved values are not supported.
 *
 * <p>Thread-safe: the values are one immutable {@link Values} behind an atomic reference, so a
 * MODE SELECT of one page never undoes a concurrent one of another, and the commands that
 * depend on them read them with one volatile read.
 */
final class ModeParameters {

    /**
     * One set of values.
     *
     * @param writeCache WCE: writes may complete before they are durable; without it every
     *        write is flushed before GOOD
     * @param descriptorSense D_SENSE: sense data in descriptor format
     * @param softwareWriteProtect SWP: the medium is write-protected
     */
    record Values(boolean writeCache, boolean descriptorSense, boolean softwareWriteProtect) {
    }

    /** The default values: write-back cache, fixed-format sense, writable. */
    static final Values DEFAULTS = new Values(true, false, false);

    private final AtomicReference<Values> current = new AtomicReference<>(DEFAULTS);

    Values current() {
        return current.get();
    }

    /** Applies {@code change}, a function without side effects, to the current values; whether they changed. */
    boolean update(UnaryOperator<Values> change) {
        Values before;
        Values after;
        do {
            before = current.get();
            after = change.apply(before);
        } while (!current.compareAndSet(before, after));
        return !before.equals(after);
    }

    /** Back to the defaults (a reset). */
    void reset() {
        current.set(DEFAULTS);
    }
}
