package org.jtgt.api;

import java.io.IOException;

/**
 * Creates {@link LogicalUnit}s of one device type, e.g. {@code disk}. Found with
 * {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/org.jtgt.api.LogicalUnitProvider}; it needs a public no-argument
 * constructor. Two providers for one device type are an error when a server starts.
 * Implementations must be thread-safe.
 */
public interface LogicalUnitProvider {

    /** The device type this provider creates, lower case, e.g. {@code "disk"}. */
    String deviceType();

    /**
     * Creates a logical unit. It takes ownership of {@link LogicalUnitContext#store()} and
     * closes it in {@link LogicalUnit#close()}.
     *
     * @throws IllegalArgumentException if an option is unknown or malformed; the message names it
     * @throws IOException if the unit cannot be set up
     */
    LogicalUnit create(LogicalUnitContext context) throws IOException;
}
