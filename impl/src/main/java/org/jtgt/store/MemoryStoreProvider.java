package org.jtgt.store;

import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;

/** {@code memory:SIZE[?blocksize=512|4096][&physicalblocksize=N][&readonly=true]}: a sparse off-heap {@link MemoryStore}. */
public final class MemoryStoreProvider implements BackingStoreProvider {

    @Override
    public String scheme() {
        return "memory";
    }

    @Override
    public BackingStore open(StoreUri uri) {
        StoreOptions options = StoreOptions.of(uri);
        long size = options.checkSize(uri, sizeOf(uri));
        return new MemoryStore(size, options.blockSize(), options.physicalBlockSize(), options.readOnly());
    }

    static long sizeOf(StoreUri uri) {
        try {
            return StoreUri.parseSize(uri.path());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("store URI '" + uri + "': " + e.getMessage(), e);
        }
    }
}
