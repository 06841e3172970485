package org.jtgt.iscsi;

import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.api.LogicalUnit;
import org.jtgt.journal.IoJournal;
import org.jtgt.stats.LunStatistics;

/**
 * A logical unit as a target maps it: its LUN, the unit, what the engine measured of it (and,
 * when asked, journaled), and how many of its commands are in flight (so that a removed unit is closed only once they
 * ended). Thread-safe.
 */
public final class MappedLun {

    private final int lun;
    private final LogicalUnit unit;
    private final LunStatistics statistics = new LunStatistics();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final IoJournal journal = new IoJournal();

    MappedLun(int lun, LogicalUnit unit) {
        this.lun = lun;
        this.unit = unit;
    }

    public int lun() {
        return lun;
    }

    public LogicalUnit unit() {
        return unit;
    }

    public LunStatistics statistics() {
        return statistics;
    }

    /** The unit's I/O journal, off until enabled. */
    public IoJournal journal() {
        return journal;
    }

    /** Commands handed to the unit and not yet completed. */
    public int inFlight() {
        return inFlight.get();
    }

    void started() {
        inFlight.incrementAndGet();
    }

    void ended() {
        inFlight.decrementAndGet();
    }
}
