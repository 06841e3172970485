package org.jtgt.api;

import java.io.IOException;

/**
 * Opens {@link BackingStore}s for one URI scheme, e.g. {@code memory} for {@code memory:1G}.
 * Found with {@link java.util.ServiceLoader}: list the implementation class in
 * {@code META-INF/services/org.jtgt.api.BackingStoreProvider}. It needs a public no-argument
 * constructor. Two providers for one scheme are an error when a server starts.
 *
 * <p>Implementations must be thread-safe; {@link #open} may be called from any thread.
 */
public interface BackingStoreProvider {

    /** The URI scheme this provider opens, lower case, without the colon, e.g. {@code "file"}. */
    String scheme();

    /**
     * Opens the store that {@code uri} names. The caller owns the store and closes it.
     *
     * @param uri a parsed store URI whose {@link StoreUri#scheme()} is {@link #scheme()}
     * @throws IllegalArgumentException if the URI is malformed for this scheme; the message
     *         says what is wrong, in words a user of the command line understands
     * @throws IOException if the store cannot be opened
     */
    BackingStore open(StoreUri uri) throws IOException;
}
