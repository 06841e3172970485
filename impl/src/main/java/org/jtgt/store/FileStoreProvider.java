package org.jtgt.store;

import java.io.IOException;
import java.nio.file.Path;
import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;

/**
 * {@code file:PATH[?size=SIZE][&blocking=true|false][&blocksize=512|4096][&physicalblocksize=N][&readonly=true]}:
 * a {@link FileStore}. With a size, the file is created or extended to it; without, it must
 * exist and its length is the size. {@code blocking} says whether the store may block the
 * calling thread, so that the engine calls it on its store executor and not on the I/O
 * workers; without it, the store is blocking unless the file is on a memory file system
 * (tmpfs or ramfs), which never waits for a device. Say {@code blocking=true} for a tmpfs that
 * may be swapped out.
 */
public final class FileStoreProvider implements BackingStoreProvider {

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public BackingStore open(StoreUri uri) throws IOException {
        StoreOptions options = StoreOptions.of(uri, "size", "blocking");
        if (uri.path().isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' names no file (expected file:/path/to/disk.img)");
        }
        long size = uri.parameters().containsKey("size") ? options.checkSize(uri, uri.sizeParameter("size", -1)) : -1;
        Path path = Path.of(uri.path());
        boolean blocking = uri.booleanParameter("blocking", FileStore.blockingByDefault(path));
        return new FileStore(path, size, options.blockSize(), options.physicalBlockSize(), options.readOnly(), blocking);
    }
}
