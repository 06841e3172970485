package org.jtgt.server;

import java.io.IOException;
import java.util.Collections;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jtgt.api.BackingStore;
import org.jtgt.api.BackingStoreProvider;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.LogicalUnitContext;
import org.jtgt.api.LogicalUnitProvider;
import org.jtgt.api.Nexus;
import org.jtgt.api.StoreUri;
import org.jtgt.api.TargetProvider;

/**
 * The SPI providers found with {@link ServiceLoader} on a class path: backing stores by scheme,
 * logical units by device type, target sources by name. Loading is strict: two providers with
 * one key, or a provider that cannot be instantiated, is an error that names the classes.
 * Immutable once loaded; thread-safe.
 */
public final class Providers {

    private final Map<String, BackingStoreProvider> stores;
    private final Map<String, LogicalUnitProvider> unitTypes;
    private final Map<String, TargetProvider> targetSources;

    private Providers(ClassLoader loader) {
        this.stores = load(BackingStoreProvider.class, BackingStoreProvider::scheme, "scheme", loader);
        this.unitTypes = load(LogicalUnitProvider.class, LogicalUnitProvider::deviceType, "device type", loader);
        this.targetSources = load(TargetProvider.class, TargetProvider::name, "name", loader);
    }

    /**
     * Loads every provider visible to {@code loader}.
     *
     * @throws IllegalStateException if two providers share a key or one cannot be loaded
     */
    public static Providers load(ClassLoader loader) {
        return new Providers(loader);
    }

    static <P> Map<String, P> load(Class<P> type, Function<P, String> key, String keyName, ClassLoader loader) {
        Map<String, P> found = new TreeMap<>();
        try {
            for (P provider : ServiceLoader.load(type, loader)) {
                String k = key.apply(provider);
                if (k == null || k.isEmpty()) {
                    throw new IllegalStateException(type.getSimpleName() + " " + provider.getClass().getName() + " has no " + keyName);
                }
                P other = found.putIfAbsent(k, provider);
                if (other != null) {
                    throw new IllegalStateException("two " + type.getSimpleName() + "s for " + keyName + " '" + k + "': "
                            + other.getClass().getName() + " and " + provider.getClass().getName());
                }
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(found);
    }

    /** Store schemes available, e.g. {@code file, memory, null}. */
    public Map<String, BackingStoreProvider> stores() {
        return stores;
    }

    public Map<String, LogicalUnitProvider> unitTypes() {
        return unitTypes;
    }

    public Map<String, TargetProvider> targetSources() {
        return targetSources;
    }

    /**
     * Opens the store a URI names.
     *
     * @throws IllegalArgumentException if no provider serves the scheme or the URI is malformed
     */
    public BackingStore openStore(String uri) throws IOException {
        StoreUri parsed = StoreUri.parse(uri);
        BackingStoreProvider provider = stores.get(parsed.scheme());
        if (provider == null) {
            throw new IllegalArgumentException("no backing store for scheme '" + parsed.scheme() + "' in '" + uri + "' (known: "
                    + String.join(", ", stores.keySet()) + ")");
        }
        return provider.open(parsed);
    }

    /**
     * Creates a logical unit of a device type over an open store; on failure the store is closed.
     *
     * @throws IllegalArgumentException if no provider serves the type or an option is wrong
     */
    public LogicalUnit createUnit(String deviceType, BackingStore store, String targetName, int lun, Map<String, String> options,
            Executor blockingExecutor, Consumer<Nexus> taskAborter) throws IOException {
        LogicalUnitProvider provider = unitTypes.get(deviceType);
        try {
            if (provider == null) {
                throw new IllegalArgumentException("no logical unit type '" + deviceType + "' (known: "
                        + String.join(", ", unitTypes.keySet()) + ")");
            }
            Map<String, String> opts = Map.copyOf(options);
            return provider.create(new LogicalUnitContext() {
                @Override
                public BackingStore store() {
                    return store;
                }

                @Override
                public String targetName() {
                    return targetName;
                }

                @Override
                public int lun() {
                    return lun;
                }

                @Override
                public Map<String, String> options() {
                    return opts;
                }

                @Override
                public Executor blockingExecutor() {
                    return blockingExecutor;
                }

                @Override
                public void abortTasks(Nexus nexus) {
                    taskAborter.accept(nexus);
                }
            });
        } catch (IOException | RuntimeException e) {
            try {
                store.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
