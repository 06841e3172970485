package org.jtgt.api;

import java.io.IOException;
import java.util.List;

/**
 * A source of {@link Target}s, e.g. a configuration file or a database, keyed by
 * {@link #name()}. Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.jtgt.api.TargetProvider}; it needs a public no-argument
 * constructor. A server asks a provider for targets only when its configuration names the
 * provider. Two providers with one name are an error when a server starts.
 */
public interface TargetProvider {

    /** The provider's name, lower case, e.g. {@code "config"}. */
    String name();

    /**
     * Creates the targets this source describes. Logical units are built with
     * {@link TargetContext#logicalUnit}. If this method throws, the server does not start and
     * closes every logical unit created so far.
     *
     * @throws IllegalArgumentException if the settings are wrong; the message names the setting
     * @throws IOException if the source cannot be read
     */
    List<Target> targets(TargetContext context) throws IOException;
}
