package org.jtgt.examples.chunkstore;

import java.io.IOException;
import java.nio.file.Path;
import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;

/**
 * Opens {@code chunkdir:DIRECTORY?size=SIZE[&chunk=SIZE]} as a {@link ChunkDirectoryStore}
 * (chunk default 1M). Listed in {@code META-INF/services/org.jtgt.api.BackingStoreProvider},
 * so with this jar on the class path the daemon takes {@code --lun 0=chunkdir:/srv/disk?size=10G}
 * and an embedding program {@code t.lun(0, "chunkdir:...")}.
 */
public final class ChunkDirectoryStoreProvider implements BackingStoreProvider {

    @Override
    public String scheme() {
        return "chunkdir";
    }

    @Override
    public BackingStore open(StoreUri uri) throws IOException {
        for (String name : uri.parameters().keySet()) {
            if (!name.equals("size") && !name.equals("chunk")) {
                throw new IllegalArgumentException("store URI '" + uri + "': unknown parameter '" + name + "' (chunkdir takes size and chunk)");
            }
        }
        if (uri.path().isEmpty()) {
            throw new IllegalArgumentException("store URI '" + uri + "' names no directory (expected chunkdir:/path?size=1G)");
        }
        long size = uri.sizeParameter("size", -1);
        if (size < 0) {
            throw new IllegalArgumentException("store URI '" + uri + "' needs a size (chunkdir:/path?size=1G)");
        }
        long chunk = uri.sizeParameter("chunk", 1 << 20);
        if (chunk > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("store URI '" + uri + "': chunk " + chunk + " is too large");
        }
        return new ChunkDirectoryStore(Path.of(uri.path()), size, (int) chunk);
    }
}
