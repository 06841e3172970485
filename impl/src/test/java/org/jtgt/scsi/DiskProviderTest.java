package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.Executor;
import org.jtgt.api.BackingStore;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.LogicalUnitContext;
import org.jtgt.api.Nexus;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

class DiskProviderTest {

    private static LogicalUnit create(Map<String, String> options) {
        BackingStore store = new MemoryStore(64 * TestDisk.BLOCK, TestDisk.BLOCK, false);
        return new DiskProvider().create(new LogicalUnitContext() {
            @Override
            public BackingStore store() {
                return store;
            }

            @Override
            public String targetName() {
                return "iqn.2026-11.org.jtgt:disk0";
            }

            @Override
            public int lun() {
                return 3;
            }

            @Override
            public Map<String, String> options() {
                return options;
            }

            @Override
            public Executor blockingExecutor() {
                return Runnable::run;
            }

            @Override
            public void abortTasks(Nexus nexus) {
            }
        });
    }

    @Test
    void sanitizeRateTakesASize() {
        assertEquals(DiskProvider.DEVICE_TYPE, create(Map.of("sanitizerate", "16M")).deviceType());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(Map.of("sanitizerate", "fast")));
        assertTrue(e.getMessage().contains("LUN 3") && e.getMessage().contains("sanitizerate"), e.getMessage());
    }

    @Test
    void unknownOptionsAreNamedWithTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create(Map.of("sanitizespeed", "1")));
        assertTrue(e.getMessage().contains("'sanitizespeed'") && e.getMessage().contains("sanitizerate"), e.getMessage());
    }
}
