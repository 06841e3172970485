package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.StoreUri;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ServiceLoader discovery, and the error when two providers claim one key. */
class ProvidersTest {

    /** A second provider for the built-in "memory" scheme. */
    public static final class RivalMemoryProvider implements BackingStoreProvider {
        @Override
        public String scheme() {
            return "memory";
        }

        @Override
        public BackingStore open(StoreUri uri) {
            return new MemoryStore(1 << 20, 512, false);
        }
    }

    /** A user's own scheme. */
    public static final class RamdiskProvider implements BackingStoreProvider {
        @Override
        public String scheme() {
            return "ramdisk";
        }

        @Override
        public BackingStore open(StoreUri uri) {
            return new MemoryStore(StoreUri.parseSize(uri.path()), 512, false);
        }
    }

    private static ClassLoader withServices(Path dir, String... providers) throws Exception {
        Path services = dir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(BackingStoreProvider.class.getName()), String.join("\n", providers) + "\n");
        return new URLClassLoader(new URL[] {dir.toUri().toURL()}, ProvidersTest.class.getClassLoader());
    }

    @Test
    void findsTheBuiltInProviders() {
        Providers p = Providers.load(getClass().getClassLoader());
        assertEquals(Set.of("file", "memory", "null"), p.stores().keySet());
        assertEquals(Set.of("disk"), p.unitTypes().keySet());
    }

    @Test
    void aPluggedInSchemeIsUsable(@TempDir Path dir) throws Exception {
        ClassLoader loader = withServices(dir, RamdiskProvider.class.getName());
        try (JtgtServer server = JtgtServer.builder().classLoader(loader)
                .target("iqn.2026-11.org.jtgt.test:plug", t -> t.lun(0, "ramdisk:4M")).start()) {
            assertEquals(4L << 20, server.targets().find("iqn.2026-11.org.jtgt.test:plug").logicalUnit(0).capacity());
        }
    }

    @Test
    void twoProvidersForOneSchemeNameBoth(@TempDir Path dir) throws Exception {
        ClassLoader loader = withServices(dir, RivalMemoryProvider.class.getName());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.load(loader));
        assertTrue(e.getMessage().contains("'memory'"), e.getMessage());
        assertTrue(e.getMessage().contains("org.jtgt.store.MemoryStoreProvider"), e.getMessage());
        assertTrue(e.getMessage().contains(RivalMemoryProvider.class.getName()), e.getMessage());
        assertThrows(IllegalStateException.class, () -> JtgtServer.builder().classLoader(loader)
                .target("iqn.2026-11.org.jtgt.test:x", t -> t.lun(0, "memory:1M")).start());
    }

    @Test
    void aProviderThatCannotBeLoadedIsNamed(@TempDir Path dir) throws Exception {
        ClassLoader loader = withServices(dir, "org.example.DoesNotExist");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Providers.load(loader));
        assertTrue(e.getMessage().contains("org.example.DoesNotExist"), e.getMessage());
    }
}
