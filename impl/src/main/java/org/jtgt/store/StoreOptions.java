package org.jtgt.store;

import java.util.Set;
import org.jtgt.api.StoreUri;

/**
 * The parameters every built-in store understands ({@code blocksize}, {@code physicalblocksize},
 * {@code readonly}) plus a check that a URI names no parameter its store does not know.
 * Immutable.
 *
 * @param blockSize the logical block size: 512 or 4096
 * @param physicalBlockSize the physical block size (see {@link org.jtgt.api.BackingStore#physicalBlockSize()}):
 *        {@code blockSize} times a power of two, at most {@value #MAX_PHYSICAL_BLOCK_SIZE}
 *        bytes; {@code blockSize} unless given
 * @param readOnly whether the store refuses writes
 */
record StoreOptions(int blockSize, int physicalBlockSize, boolean readOnly) {

    /** 1 MiB: far above any real medium's physical block, far below what a disk transfers in one command. */
    static final int MAX_PHYSICAL_BLOCK_SIZE = 1 << 20;

    private static final Set<String> COMMON = Set.of("blocksize", "physicalblocksize", "readonly");

    /**
     * Reads the common parameters of {@code uri}.
     *
     * @param extra parameter names the store accepts besides the common ones
     * @throws IllegalArgumentException for an unknown parameter or a bad value
     */
    static StoreOptions of(StoreUri uri, String... extra) {
        Set<String> known = Set.of(extra);
        for (String name : uri.parameters().keySet()) {
            if (!COMMON.contains(name) && !known.contains(name)) {
                throw new IllegalArgumentException("store URI '" + uri + "': unknown parameter '" + name + "'");
            }
        }
        long blockSize = uri.sizeParameter("blocksize", 512);
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("store URI '" + uri + "': blocksize must be 512 or 4096, not " + blockSize);
        }
        long physical = uri.sizeParameter("physicalblocksize", blockSize);
        if (physical < blockSize || physical > MAX_PHYSICAL_BLOCK_SIZE || physical % blockSize != 0 || Long.bitCount(physical / blockSize) != 1) {
            throw new IllegalArgumentException("store URI '" + uri + "': physicalblocksize must be blocksize (" + blockSize
                    + ") times a power of two, at most " + MAX_PHYSICAL_BLOCK_SIZE + ", not " + physical);
        }
        return new StoreOptions((int) blockSize, (int) physical, uri.booleanParameter("readonly", false));
    }

    /**
     * Checks a store size: positive and a whole number of blocks.
     *
     * @throws IllegalArgumentException naming the URI
     */
    long checkSize(StoreUri uri, long size) {
        if (size <= 0) {
            throw new IllegalArgumentException("store URI '" + uri + "': size must be positive");
        }
        if (size % blockSize != 0) {
            throw new IllegalArgumentException("store URI '" + uri + "': size " + size + " is not a multiple of the block size " + blockSize);
        }
        return size;
    }
}
