package org.jtgt.jmx;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.Target;
import org.jtgt.api.TargetContext;
import org.jtgt.api.TargetProvider;
import org.jtgt.scsi.DiskProvider;

/**
 * The built-in {@code config} target source: the targets of a {@link ConfigFile}, named by the
 * setting {@code file}. If any LUN cannot be created, those created so far are closed and the
 * server does not start.
 */
public final class ConfigTargetProvider implements TargetProvider {

    public static final String NAME = "config";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Target> targets(TargetContext context) throws IOException {
        String file = context.settings().get("file");
        if (file == null) {
            throw new IllegalArgumentException("the config target source needs the setting 'file'");
        }
        List<Target> targets = new ArrayList<>();
        List<LogicalUnit> created = new ArrayList<>();
        try {
            for (ConfigFile.TargetConfig t : ConfigFile.load(Path.of(file)).targets()) {
                SortedMap<Integer, LogicalUnit> units = new TreeMap<>();
                for (ConfigFile.LunConfig lun : t.luns().values()) {
                    try {
                        LogicalUnit unit = context.logicalUnit(t.name(), lun.lun(), DiskProvider.DEVICE_TYPE, lun.storeUri(), lun.options());
                        created.add(unit);
                        units.put(lun.lun(), unit);
                    } catch (IOException | IllegalArgumentException e) {
                        throw new IllegalArgumentException(file + ": target." + t.id() + ".lun." + lun.lun() + ": " + e.getMessage(), e);
                    }
                }
                targets.add(new FileTarget(t.name(), t.alias(), Collections.unmodifiableSortedMap(units), t.access()));
            }
            return targets;
        } catch (RuntimeException e) {
            for (LogicalUnit unit : created) {
                try {
                    unit.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
    }

    /** A target read from the file. */
    private record FileTarget(String name, String alias, SortedMap<Integer, LogicalUnit> logicalUnits, AccessPolicy access)
            implements Target {
    }
}
