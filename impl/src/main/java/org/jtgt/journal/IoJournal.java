package org.jtgt.journal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The I/O journal of one logical unit: the commands it served, recorded when their responses
 * went out, for tests that assert what an initiator did ("the client wrote exactly LBAs
 * 0-127 and flushed them") and for looking at a live server over JMX. Off until
 * {@link #setEnabled enabled}; while off it costs one volatile read per command.
 *
 * <p>A ring of {@link #capacity()} entries (default {@value #DEFAULT_CAPACITY}): when it is full
 * the oldest entry makes room and counts as {@link #dropped()}.
 *
 * <pre>{@code
 * IoJournal journal = server.journal(TARGET, 0);
 * journal.setEnabled(true);
 * // ... the initiator under test writes and flushes ...
 * journal.snapshot().writes().assertBlocksExactly(0, 127);
 * journal.snapshot().assertEveryWriteFlushed();
 * }</pre>
 *
 * <h2>Threading</h2>
 * Thread-safe. I/O workers {@link #record} concurrently (sessions on different workers share a
 * LUN) under a short lock; readers copy what they need under the same lock.
 */
public final class IoJournal {

    /** Entries kept unless {@link #setCapacity} says otherwise. */
    public static final int DEFAULT_CAPACITY = 4096;
    /** The largest capacity allowed. */
    public static final int MAX_CAPACITY = 1 << 20;

    private volatile boolean enabled;
    private int capacity = DEFAULT_CAPACITY;
    private JournalEntry[] ring;
    private int oldest;
    private int size;
    private long nextSequence = 1;
    private long dropped;

    /** Whether commands are being recorded. */
    public boolean enabled() {
        return enabled;
    }

    /** Starts or stops recording; entries recorded so far stay. */
    public synchronized void setEnabled(boolean on) {
        if (on && ring == null) {
            ring = new JournalEntry[capacity];
        }
        enabled = on;
    }

    public synchronized int capacity() {
        return capacity;
    }

    /**
     * Changes how many entries are kept. The newest entries that fit stay; the others count as
     * dropped.
     *
     * @throws IllegalArgumentException outside 1 to {@value #MAX_CAPACITY}
     */
    public synchronized void setCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("journal capacity must be from 1 to " + MAX_CAPACITY + ", not " + capacity);
        }
        List<JournalEntry> kept = entries();
        int drop = Math.max(0, kept.size() - capacity);
        this.capacity = capacity;
        dropped += drop;
        if (ring != null) {
            ring = new JournalEntry[capacity];
        }
        oldest = 0;
        size = 0;
        for (JournalEntry e : kept.subList(drop, kept.size())) {
            ring[size++] = e;
        }
    }

    /** Entries that made room for newer ones since the last {@link #clear()}. */
    public synchronized long dropped() {
        return dropped;
    }

    /** Entries held now. */
    public synchronized int size() {
        return size;
    }

    /** Forgets every entry and the dropped count; numbering goes on. */
    public synchronized void clear() {
        if (ring != null) {
            Arrays.fill(ring, null);
        }
        oldest = 0;
        size = 0;
        dropped = 0;
    }

    /** Every entry held, oldest first. */
    public synchronized List<JournalEntry> entries() {
        List<JournalEntry> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(ring[(oldest + i) % ring.length]);
        }
        return list;
    }

    /** The newest {@code n} entries (fewer if fewer are held), oldest first. */
    public synchronized List<JournalEntry> last(int n) {
        List<JournalEntry> all = entries();
        return all.subList(Math.max(0, all.size() - Math.max(0, n)), all.size());
    }

    /** The entries held now, to filter and assert on. */
    public JournalQuery snapshot() {
        return new JournalQuery(entries(), "commands");
    }

    /**
     * Records one command, if the journal is on; engine side, on an I/O worker.
     *
     * @param entry makes the entry from its sequence number; called under the journal's lock
     */
    public void record(LongFunction<JournalEntry> entry) {
        if (!enabled) {
            return;
        }
        synchronized (this) {
            if (ring == null) {
                return;
            }
            JournalEntry e = entry.apply(nextSequence++);
            if (size == ring.length) {
                ring[oldest] = e;
                oldest = (oldest + 1) % ring.length;
                dropped++;
            } else {
                ring[(oldest + size) % ring.length] = e;
                size++;
            }
        }
    }
}
