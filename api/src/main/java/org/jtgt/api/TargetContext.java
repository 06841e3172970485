package org.jtgt.api;

import java.io.IOException;
import java.util.Map;

/** What a {@link TargetProvider} gets from the server that asks it for targets. */
public interface TargetContext {

    /** The settings the server's configuration gives this provider (e.g. a file name). */
    Map<String, String> settings();

    /**
     * Creates a logical unit of a device type over the store a URI names, with the server's
     * installed providers. The caller owns the unit (a {@link Target} hands it to the server).
     *
     * @param targetName the target that will map the unit
     * @param lun the LUN it will be mapped at
     * @param deviceType a {@link LogicalUnitProvider#deviceType()}, e.g. {@code disk}
     * @param storeUri a store URI, e.g. {@code memory:1G}
     * @param options unit options (see {@link LogicalUnitContext#options()})
     * @throws IllegalArgumentException if no provider serves the type or scheme, or the URI or
     *         an option is malformed
     * @throws IOException if the store cannot be opened
     */
    LogicalUnit logicalUnit(String targetName, int lun, String deviceType, String storeUri, Map<String, String> options)
            throws IOException;
}
