package org.jtgt.store;

import java.io.IOException;
import java.nio.file.Path;
import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;

/**
 * {@code file:PATH[?size=SIZE][&blocksize=512|4096][&physicalblocksize=N][&readonly=true]}: a {@link FileStore}.
 * With a size, the file is created or extended to it; without, it must exist and its length
 * is the size.
 */
public final class FileStoreProvider implements BackingStoreProvider {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public BackingStore open(StoreUri uri) throws IOException {
        StoreOptions options = StoreOptions.of(uri, "size");
        if (uri.path().isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' names no file (expected file:/path/to/disk.img)");
        }
        long size = uri.parameters().containsKey("size") ? options.checkSize(uri, uri.sizeParameter("size", -1)) : -1;
        return new FileStore(Path.of(uri.path()), size, options.blockSize(), options.physicalBlockSize(), options.readOnly());
    }
}
