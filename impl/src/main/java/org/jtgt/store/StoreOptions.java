package org.jtgt.store;

import java.util.Set;
import org.jtgt.api.StoreUri;

/**
 * The parameters every built-in store understands ({@code blocksize}, {@code readonly}) plus
 * a check that a URI names no parameter its store does not know. Immutable.
 *
 * @param blockSize 512 or 4096
 * @param readOnly whether the store refuses writes
 */
record StoreOptions(int blockSize, boolean readOnly) {

    /**
     * Reads the common parameters of {@code uri}.
     *
     * @param extra parameter names the store accepts besides {@code blocksize} and {@code readonly}
     * @throws IllegalArgumentException for an unknown parameter or a bad value
     */
    static StoreOptions of(StoreUri uri, String... extra) {
        Set<String> known = Set.of(extra);
        for (String name : uri.parameters().keySet()) {
            if (!name.equals("blocksize") && !name.equals("readonly") && !known.contains(name)) {
                throw new IllegalArgumentException("store URI '" + uri + "': unknown parameter '" + name + "'");
            }
        }
        long blockSize = uri.sizeParameter("blocksize", 512);
        if (blockSize != 512 && blockSize != 4096) {
            throw new IllegalArgumentException("store URI '" + uri + "': blocksize must be 512 or 4096, not " + blockSize);
        }
        return new StoreOptions((int) blockSize, uri.booleanParameter("readonly", false));
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
