package org.jtgt.fault;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.jtgt.api.CommandInfo;
import org.jtgt.iscsi.IscsiNames;
import org.jtgt.scsi.CdbFields;

/**
 * Which commands a built-in fault rule hits. A command is a <em>candidate</em> if it passes
 * every criterion given: it touches a block of the LBA range, has one of the operation codes,
 * comes from an initiator whose name matches the pattern ({@code *} matches any run of
 * characters, case is ignored as iSCSI names ignore it). Of the candidates, the matcher hits
 * every {@code every}-th (1st, 2nd, ... if not given), each of those with the given probability,
 * and stops after {@code count} hits.
 *
 * <p>Probabilities are reproducible: whether the n-th candidate is hit is a function of the
 * seed and n alone, so the same seed and the same sequence of commands give the same faults.
 *
 * <p>Thread-safe and lock-free: {@link #hits} runs on I/O workers concurrently; counting is
 * atomic, so a {@code count=1} matcher hits exactly one command even when several workers ask.
 */
public final class FaultMatcher {

    private static final long NO_LBA = -1;

    private final long firstLba;
    private final long lastLba;
    private final BitSet opcodes;
    private final List<String> opcodeNames;
    private final String initiator;
    private final long count;
    private final long every;
    private final double probability;
    private final long seed;
    private final AtomicLong candidates = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();

    private FaultMatcher(Builder b) {
        this.firstLba = b.firstLba;
        this.lastLba = b.lastLba;
        this.opcodes = b.opcodes;
        this.opcodeNames = List.copyOf(b.opcodeNames);
        this.initiator = b.initiator;
        this.count = b.count;
        this.every = b.every;
        this.probability = b.probability;
        this.seed = b.seed;
    }

    /** A builder; without criteria the matcher hits every command. */
    public static Builder builder() {
        return new Builder();
    }

    /** The rule of this matcher that does {@code action}. */
    public BuiltInRule then(FaultAction action) {
        return new BuiltInRule(this, action);
    }

    /**
     * Whether {@code command} is hit; counts it as a candidate and, if hit, as a hit.
     * Allocates nothing.
     */
    public boolean hits(CommandInfo command) {
        if (firstLba != NO_LBA && !command.touches(firstLba, lastLba)) {
            return false;
        }
        if (opcodes != null && !opcodes.get(command.opcode())) {
            return false;
        }
        if (initiator != null && !IscsiNames.matches(initiator, command.nexus().initiatorName())) {
            return false;
        }
        long n = candidates.incrementAndGet();
        if (every > 1 && n % every != 0) {
            return false;
        }
        if (probability < 1 && chance(seed, n) >= probability) {
            return false;
        }
        while (true) {
            long h = hits.get();
            if (count > 0 && h >= count) {
                return false;
            }
            if (hits.compareAndSet(h, h + 1)) {
                return true;
            }
        }
    }

    /** The first block of the LBA criterion, or -1 without one. */
    public long firstLba() {
        return firstLba;
    }

    /** Commands that passed the criteria so far. */
    public long candidates() {
        return candidates.get();
    }

    /** Commands hit so far. */
    public long hitCount() {
        return hits.get();
    }

    /** Whether a {@code count} limit has been reached: the matcher hits nothing more. */
    public boolean exhausted() {
        return count > 0 && hits.get() >= count;
    }

    /**
     * A uniform number in [0, 1) from a seed and an index (the SplitMix64 finaliser): the same
     * pair always gives the same number.
     */
    static double chance(long seed, long n) {
        long z = seed + n * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 11) * 0x1.0p-53;
    }

    /** The criteria as rule text, e.g. {@code lba=1000-1007 opcode=READ count=1}; empty for none. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (firstLba != NO_LBA) {
            parts.add("lba=" + (firstLba == lastLba ? Long.toString(firstLba) : firstLba + "-" + lastLba));
        }
        if (opcodes != null) {
            parts.add("opcode=" + String.join(",", opcodeNames));
        }
        if (initiator != null) {
            parts.add("initiator=" + initiator);
        }
        if (count > 0) {
            parts.add("count=" + count);
        }
        if (every > 1) {
            parts.add("every=" + every);
        }
        if (probability < 1) {
            parts.add("probability=" + probability);
            parts.add("seed=" + seed);
        }
        return String.join(" ", parts);
    }

    /** Builds a {@link FaultMatcher}. Not thread-safe. */
    public static final class Builder {

        private long firstLba = NO_LBA;
        private long lastLba = NO_LBA;
        private BitSet opcodes;
        private final List<String> opcodeNames = new ArrayList<>();
        private String initiator;
        private long count;
        private long every = 1;
        private double probability = 1;
        private long seed = 1;

        private Builder() {
        }

        /** Commands that touch a block from {@code first} to {@code last}, inclusive. */
        public Builder lbas(long first, long last) {
            if (first < 0 || last < first) {
                throw new IllegalArgumentException("LBA range " + first + "-" + last + (first < 0 ? " starts below 0" : " ends before it starts"));
            }
            this.firstLba = first;
            this.lastLba = last;
            return this;
        }

        /**
         * Commands with one of these operations: names ({@code READ(10)}), families
         * ({@code READ}, {@code WRITE_SAME}) or codes ({@code 0x28}); see {@link CdbFields#opcodes}.
         */
        public Builder opcodes(String... names) {
            for (String name : names) {
                BitSet named = CdbFields.opcodes(name);
                if (opcodes == null) {
                    opcodes = named;
                } else {
                    opcodes.or(named);
                }
                opcodeNames.add(name.trim().toUpperCase(Locale.ROOT));
            }
            return this;
        }

        /** Commands from initiators whose iSCSI name matches {@code pattern} ({@code *} for any run of characters). */
        public Builder initiator(String pattern) {
            if (pattern.isBlank()) {
                throw new IllegalArgumentException("an initiator pattern must not be empty");
            }
            this.initiator = pattern.trim();
            return this;
        }

        /** Hits at most {@code n} commands, then none. */
        public Builder count(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("count must be at least 1, not " + n);
            }
            this.count = n;
            return this;
        }

        /** Hits only every {@code n}-th candidate (the n-th, 2n-th, ...). */
        public Builder every(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("every must be at least 1, not " + n);
            }
            this.every = n;
            return this;
        }

        /** Hits each (remaining) candidate with probability {@code p}, reproducibly from {@code seed}. */
        public Builder probability(double p, long seed) {
            if (!(p > 0 && p <= 1)) {
                throw new IllegalArgumentException("probability must be above 0 and at most 1, not " + p);
            }
            this.probability = p;
            this.seed = seed;
            return this;
        }

        public FaultMatcher build() {
            return new FaultMatcher(this);
        }
    }
}
