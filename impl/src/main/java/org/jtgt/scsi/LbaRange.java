package org.jtgt.scsi;

/**
 * A run of logical blocks a command addresses: {@code blocks} blocks from {@code lba}, or every
 * block from {@code lba} to the end of the medium ({@link #TO_END}). Immutable.
 *
 * @param lba the first block
 * @param blocks how many, 0 for none, {@link #TO_END} for the rest of the medium
 */
public record LbaRange(long lba, long blocks) {

    /** Blocks value for "to the end of the medium". */
    public static final long TO_END = -1;

    public LbaRange {
        if (lba < 0 || blocks < TO_END) {
            throw new IllegalArgumentException("bad LBA range " + lba + "+" + blocks);
        }
    }

    /** Whether the range holds no block. */
    public boolean isEmpty() {
        return blocks == 0;
    }

    /** The last block, inclusive: {@code Long.MAX_VALUE} for a range to the end, {@code lba - 1} for an empty one. */
    public long last() {
        if (blocks == TO_END) {
            return Long.MAX_VALUE;
        }
        long last = lba + blocks - 1;
        return last < lba - 1 ? Long.MAX_VALUE : last;     // a block count beyond any medium saturates
    }

    /** Whether any block from {@code first} to {@code last} (inclusive) is in this range. */
    public boolean overlaps(long first, long last) {
        return !isEmpty() && lba <= last && last() >= first;
    }

    /** E.g. {@code 1000-1007}, {@code 64-end}, {@code 12+0}. */
    @Override
    public String toString() {
        if (blocks == TO_END) {
            return lba + "-end";
        }
        return isEmpty() ? lba + "+0" : lba + "-" + last();
    }
}
