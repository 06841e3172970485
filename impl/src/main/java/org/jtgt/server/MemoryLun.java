package org.jtgt.server;

import java.io.IOException;
import java.nio.file.Path;
import org.jtgt.api.LogicalUnit;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.store.MemorySnapshot;
import org.jtgt.store.MemoryStore;

/**
 * The contents of one LUN of a running server whose store is a {@link MemoryStore}: snapshot,
 * restore, reset and seeding, for embedders and test suites that prepare disks. Get one from
 * {@link JtgtServer#memoryLun(String, int)}:
 *
 * <pre>{@code
 * MemoryLun disk = server.memoryLun("iqn.2026-11.org.example:disk", 0);
 * disk.seed(0, Path.of("golden.raw"));
 * MemorySnapshot golden = disk.snapshot();
 * // ... initiators write ...
 * disk.restore(golden);
 * }</pre>
 *
 * <h2>Initiators that are logged in</h2>
 * {@link #restore} and {@link #reset} change the whole contents at once, which no real disk
 * does, and nothing in SCSI tells an initiator that a disk changed under it. So before they
 * change anything they end every session logged in to the LUN's target and wait until those
 * sessions ended (at most 10 s): their initiators see the connection close, and one that logs
 * in again reads the new contents rather than carrying on with what it cached of the old.
 * This is best effort: an initiator that logs in again between the end of its session and the
 * change reads either contents. {@link #snapshot()} and seeding end no session; seeding is a
 * series of ordinary writes that interleave with the initiators' own.
 *
 * <p>Thread-safe (see {@link MemoryStore} for how the operations order against I/O). Valid
 * while the LUN stays mapped: once it was removed, every method throws
 * {@link IllegalStateException}.
 */
public final class MemoryLun {

    private final JtgtServer server;
    private final ServedTarget target;
    private final int lun;
    private final LogicalUnit unit;
    private final MemoryStore store;

    MemoryLun(JtgtServer server, ServedTarget target, int lun, LogicalUnit unit, MemoryStore store) {
        this.server = server;
        this.target = target;
        this.lun = lun;
        this.unit = unit;
        this.store = store;
    }

    public String targetName() {
        return target.name();
    }

    public int lun() {
        return lun;
    }

    /** The store itself: reads, {@link MemoryStore#allocatedBytes()}, and the operations below without ending sessions. */
    public MemoryStore store() {
        return requireMapped();
    }

    /** Freezes the current contents, copying no data (see {@link MemoryStore#snapshot()}). */
    public MemorySnapshot snapshot() {
        return requireMapped().snapshot();
    }

    /**
     * Ends the target's sessions, then makes the snapshot's contents current again.
     *
     * @throws IllegalArgumentException if the snapshot was taken of another LUN
     */
    public void restore(MemorySnapshot snapshot) {
        requireMapped().requireOwn(snapshot);
        server.endSessions(target, "LUN " + lun + " of " + target.name() + " restored from a snapshot");
        store.restore(snapshot);
    }

    /** Ends the target's sessions, then makes every byte zero and releases the memory (see {@link MemoryStore#reset()}). */
    public void reset() {
        requireMapped();
        server.endSessions(target, "LUN " + lun + " of " + target.name() + " reset");
        store.reset();
    }

    /**
     * Writes bytes at a byte offset (see {@link MemoryStore#seed(long, byte[])}).
     *
     * @throws IllegalArgumentException if they do not fit
     */
    public void seed(long offset, byte[] bytes) throws IOException {
        requireMapped().seed(offset, bytes);
    }

    /**
     * Writes a raw image file at a byte offset (see {@link MemoryStore#seed(long, Path)}).
     *
     * @throws IllegalArgumentException if it does not fit
     * @throws IOException if the file cannot be read
     */
    public void seed(long offset, Path image) throws IOException {
        requireMapped().seed(offset, image);
    }

    private MemoryStore requireMapped() {
        if (server.targets().find(target.name()) != target || target.logicalUnit(lun) != unit) {
            throw new IllegalStateException("LUN " + lun + " of " + target.name() + " is no longer served");
        }
        return store;
    }

    @Override
    public String toString() {
        return "LUN " + lun + " of " + target.name() + ", " + store;
    }
}
