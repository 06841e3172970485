package org.jtgt.store;

import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;

/** {@code null:SIZE[?blocksize=512|4096][&physicalblocksize=N]}: a {@link NullStore} for transport benchmarks. */
public final class NullStoreProvider implements BackingStoreProvider {

    @Override
    public String scheme() {
        return "null";
    }

    @Override
    public BackingStore open(StoreUri uri) {
        StoreOptions options = StoreOptions.of(uri);
        long size = options.checkSize(uri, MemoryStoreProvider.sizeOf(uri));
        return new NullStore(size, options.blockSize(), options.physicalBlockSize(), options.readOnly());
    }
}
