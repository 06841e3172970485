package org.jtgt.scsi;

import java.util.Map;
import java.util.Set;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.LogicalUnitContext;
import org.jtgt.api.LogicalUnitProvider;
import org.jtgt.api.StoreUri;

/**
 * The {@code disk} device type: a {@link ScsiDisk} over the unit's store. Options:
 * {@code vendor}, {@code product}, {@code revision}, {@code serial} (INQUIRY identity),
 * {@code readonly}, and {@code sanitizerate}: the most bytes of the medium a sanitize operation
 * processes per second, a size such as {@code 16M} (see {@link SanitizeRate}); unlimited unless
 * given.
 */
public final class DiskProvider implements LogicalUnitProvider {

    public static final String DEVICE_TYPE = "disk";

    private static final Set<String> OPTIONS = Set.of("vendor", "product", "revision", "serial", "readonly", "sanitizerate");

    @Override
    public String deviceType() {
        return DEVICE_TYPE;
    }

    @Override
    public LogicalUnit create(LogicalUnitContext context) {
        Map<String, String> options = context.options();
        for (String name : options.keySet()) {
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("LUN " + context.lun() + " of " + context.targetName()
                        + ": unknown disk option '" + name + "' (known: " + String.join(", ", OPTIONS) + ")");
            }
        }
        String ro = options.getOrDefault("readonly", "false");
        if (!ro.equals("true") && !ro.equals("false")) {
            throw new IllegalArgumentException("LUN " + context.lun() + " of " + context.targetName() + ": readonly must be true or false");
        }
        long sanitizeRate;
        try {
            sanitizeRate = StoreUri.parseSize(options.getOrDefault("sanitizerate", "0"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LUN " + context.lun() + " of " + context.targetName()
                    + ": sanitizerate must be a size in bytes per second such as 16M: " + e.getMessage(), e);
        }
        DiskIdentity identity = DiskIdentity.of(context.targetName(), context.lun(), options);
        return new ScsiDisk(context.store(), identity, context.blockingExecutor(), Boolean.parseBoolean(ro), context::abortTasks,
                sanitizeRate);
    }
}
