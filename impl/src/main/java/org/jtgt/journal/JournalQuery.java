package org.jtgt.journal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.jtgt.iscsi.IscsiNames;
import org.jtgt.scsi.CdbFields;
import org.jtgt.scsi.CdbFields.Access;
import org.jtgt.scsi.LbaRange;

/**
 * Journal entries to filter, look at and assert on, for tests. Filters return a new query;
 * {@code assert...} methods throw an {@link AssertionError} that says what was expected, what
 * the entries show, and lists them (any test framework reports it as a failure), and return
 * the query for more.
 *
 * <pre>{@code
 * JournalQuery q = journal.snapshot();
 * q.writes().assertBlocksExactly(0, 127);            // the client wrote exactly LBAs 0..127
 * q.assertEveryWriteFlushed();                       // each followed by SYNCHRONIZE CACHE in its session
 * q.assertNothingBeyond(2047);                        // nothing touched beyond LBA 2047
 * assertEquals(List.of(new LbaRange(0, 128)), q.writes().blocks());
 * }</pre>
 *
 * Entries are in the order their responses went out. Immutable; thread-safe.
 */
public final class JournalQuery {

    private static final int LISTED = 20;

    private final List<JournalEntry> entries;
    private final String what;

    JournalQuery(List<JournalEntry> entries, String what) {
        this.entries = List.copyOf(entries);
        this.what = what;
    }

    /** A query over any entries (e.g. a test's own list). */
    public static JournalQuery of(List<JournalEntry> entries) {
        return new JournalQuery(entries, "commands");
    }

    public List<JournalEntry> entries() {
        return entries;
    }

    public int count() {
        return entries.size();
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The first entry; fails if there is none. */
    public JournalEntry first() {
        if (entries.isEmpty()) {
            throw new AssertionError("no " + what + " in the journal");
        }
        return entries.get(0);
    }

    /** The last entry; fails if there is none. */
    public JournalEntry last() {
        if (entries.isEmpty()) {
            throw new AssertionError("no " + what + " in the journal");
        }
        return entries.get(entries.size() - 1);
    }

    // ---- filters

    /** The entries that pass {@code test}; {@code what} names them in messages. */
    public JournalQuery where(String what, Predicate<JournalEntry> test) {
        return new JournalQuery(entries.stream().filter(test).toList(), what);
    }

    /** Commands that change blocks: WRITE, WRITE AND VERIFY, WRITE SAME, COMPARE AND WRITE, ... */
    public JournalQuery writes() {
        return access(Access.WRITE, "writes");
    }

    /** READs. */
    public JournalQuery reads() {
        return access(Access.READ, "reads");
    }

    /** SYNCHRONIZE CACHEs. */
    public JournalQuery flushes() {
        return access(Access.FLUSH, "flushes");
    }

    /** UNMAPs. */
    public JournalQuery unmaps() {
        return access(Access.UNMAP, "unmaps");
    }

    /** VERIFYs. */
    public JournalQuery verifies() {
        return access(Access.VERIFY, "verifies");
    }

    private JournalQuery access(Access access, String name) {
        return where(qualify(name), e -> e.access() == access);
    }

    /** Commands of an operation, family or code, as {@link CdbFields#opcodes} reads it: {@code WRITE(16)}, {@code UNMAP}, {@code 0x35}. */
    public JournalQuery operation(String name) {
        BitSet codes = CdbFields.opcodes(name);
        return where(qualify(name + " commands"), e -> e.opcode() >= 0 && codes.get(e.opcode()));
    }

    /** Commands of initiators whose name matches {@code pattern} ({@code *} for any run of characters). */
    public JournalQuery initiator(String pattern) {
        return where(what + " from " + pattern, e -> IscsiNames.matches(pattern, e.initiator()));
    }

    /** Commands of one session ({@code isid-tsih}). */
    public JournalQuery session(String id) {
        return where(what + " of session " + id, e -> e.session().equalsIgnoreCase(id));
    }

    /** Commands that address a block from {@code first} to {@code last}, inclusive. */
    public JournalQuery touching(long first, long last) {
        return where(what + " touching " + first + "-" + last, e -> e.touches(first, last));
    }

    /** Commands that ended GOOD and were not aborted. */
    public JournalQuery succeeded() {
        return where("successful " + what, JournalEntry::good);
    }

    /** Commands that did not end GOOD, or were aborted. */
    public JournalQuery failed() {
        return where("failed " + what, e -> !e.good());
    }

    /** Commands whose responses went out after {@code entry}'s. */
    public JournalQuery after(JournalEntry entry) {
        return where(what + " after #" + entry.sequence(), e -> e.sequence() > entry.sequence());
    }

    private String qualify(String name) {
        return what.equals("commands") ? name : name + " among " + what;
    }

    // ---- facts

    /** Every block the entries address, as sorted ranges with overlapping and adjacent ones joined. */
    public List<LbaRange> blocks() {
        List<LbaRange> sorted = new ArrayList<>();
        for (JournalEntry e : entries) {
            for (LbaRange r : e.ranges()) {
                if (!r.isEmpty()) {
                    sorted.add(r);
                }
            }
        }
        sorted.sort(Comparator.comparingLong(LbaRange::lba));
        List<LbaRange> joined = new ArrayList<>();
        long first = -1;
        long last = -1;
        for (LbaRange r : sorted) {
            if (first >= 0 && (last == Long.MAX_VALUE || r.lba() <= last + 1)) {
                last = Math.max(last, r.last());
            } else {
                if (first >= 0) {
                    joined.add(range(first, last));
                }
                first = r.lba();
                last = r.last();
            }
        }
        if (first >= 0) {
            joined.add(range(first, last));
        }
        return joined;
    }

    private static LbaRange range(long first, long last) {
        return new LbaRange(first, last == Long.MAX_VALUE ? LbaRange.TO_END : last - first + 1);
    }

    /** The highest block any entry addresses, or -1. */
    public long highestLba() {
        long max = -1;
        for (JournalEntry e : entries) {
            max = Math.max(max, e.lastLba());
        }
        return max;
    }

    // ---- assertions

    /** Fails unless there are exactly {@code n} entries. */
    public JournalQuery assertCount(int n) {
        if (entries.size() != n) {
            throw failure("expected " + n + " " + what + ", found " + entries.size(), entries);
        }
        return this;
    }

    /** Fails if there is any entry. */
    public JournalQuery assertEmpty() {
        return assertCount(0);
    }

    /** Fails unless the entries address exactly the blocks {@code first} to {@code last}: all of them, and no other. */
    public JournalQuery assertBlocksExactly(long first, long last) {
        List<LbaRange> expected = List.of(new LbaRange(first, last - first + 1));
        List<LbaRange> actual = blocks();
        if (!actual.equals(expected)) {
            throw failure("expected the " + what + " to address exactly LBAs " + first + "-" + last + ", but they address "
                    + (actual.isEmpty() ? "none" : actual), entries);
        }
        return this;
    }

    /** Fails if any entry addresses a block beyond {@code lba}. */
    public JournalQuery assertNothingBeyond(long lba) {
        List<JournalEntry> beyond = entries.stream().filter(e -> e.lastLba() > lba).toList();
        if (!beyond.isEmpty()) {
            throw failure("expected no " + what + " beyond LBA " + lba + ", found " + beyond.size(), beyond);
        }
        return this;
    }

    /**
     * Fails unless every successful write without FUA is followed, in its own session, by a
     * successful SYNCHRONIZE CACHE whose range covers its blocks: the data was made durable
     * before that session ended. Run it on a query holding writes and flushes (the whole
     * journal, or one initiator's part).
     */
    public JournalQuery assertEveryWriteFlushed() {
        Map<String, List<LbaRange>> laterFlushes = new HashMap<>();
        List<JournalEntry> unflushed = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            JournalEntry e = entries.get(i);
            if (!e.good()) {
                continue;
            }
            if (e.access() == Access.FLUSH) {
                laterFlushes.computeIfAbsent(e.session(), s -> new ArrayList<>()).addAll(e.ranges());
            } else if (e.access() == Access.WRITE && !e.fua() && !flushed(e, laterFlushes.getOrDefault(e.session(), List.of()))) {
                unflushed.add(0, e);
            }
        }
        if (!unflushed.isEmpty()) {
            throw failure("expected every write among the " + what + " to be followed by a SYNCHRONIZE CACHE of its blocks in its session; "
                    + unflushed.size() + " are not", unflushed);
        }
        return this;
    }

    private static boolean flushed(JournalEntry write, List<LbaRange> flushes) {
        for (LbaRange w : write.ranges()) {
            if (!w.isEmpty() && flushes.stream().noneMatch(f -> f.lba() <= w.lba() && f.last() >= w.last())) {
                return false;
            }
        }
        return true;
    }

    /** Fails unless a successful SYNCHRONIZE CACHE went out after the last successful write (of any session). */
    public JournalQuery assertFlushAfterLastWrite() {
        JournalEntry lastWrite = null;
        for (JournalEntry e : entries) {
            if (e.good() && e.access() == Access.WRITE) {
                lastWrite = e;
            }
        }
        if (lastWrite == null) {
            throw failure("expected writes among the " + what + ", found none", entries);
        }
        JournalEntry write = lastWrite;
        boolean flushed = entries.stream().anyMatch(e -> e.good() && e.access() == Access.FLUSH && e.sequence() > write.sequence());
        if (!flushed) {
            throw failure("expected a SYNCHRONIZE CACHE after the last write #" + write.sequence() + " among the " + what + ", found none",
                    entries.subList(entries.indexOf(write), entries.size()));
        }
        return this;
    }

    private static AssertionError failure(String message, List<JournalEntry> shown) {
        StringBuilder b = new StringBuilder(message);
        for (int i = 0; i < Math.min(LISTED, shown.size()); i++) {
            b.append("\n  ").append(shown.get(i));
        }
        if (shown.size() > LISTED) {
            b.append("\n  ... and ").append(shown.size() - LISTED).append(" more");
        }
        return new AssertionError(b.toString());
    }

    @Override
    public String toString() {
        return entries.size() + " " + what;
    }
}
