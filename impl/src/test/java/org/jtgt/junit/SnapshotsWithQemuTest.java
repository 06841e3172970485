package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.jtgt.server.MemoryLun;
import org.jtgt.store.MemorySnapshot;
import org.jtgt.store.MemoryStore;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots, restores, resets and seeding of a test's memory LUN, seen through qemu-io and qemu-img. */
class SnapshotsWithQemuTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().threads(2).lun(0, "memory:64M").build();

    @Test
    void aRestoredSnapshotIsWhatQemuReadsAgain(TestTarget target) {
        String disk = target.url(0);
        QemuIo.run(disk, "write -P 0x11 0 2M");
        MemoryLun lun = target.memoryLun(0);
        MemorySnapshot snapshot = lun.snapshot();

        QemuIo.run(disk, "write -P 0x22 1M 2M");
        QemuIo.readFindsOtherThan(disk, "read -P 0x11 0 2M");

        lun.restore(snapshot);
        QemuIo.run(disk, "read -P 0x11 0 2M", "read -P 0 2M 1M");
    }

    @Test
    void aResetDiskReadsZerosAndHoldsNoMemory(TestTarget target) {
        String disk = target.url(0);
        QemuIo.run(disk, "write -P 0x33 0 4M");
        MemoryLun lun = target.memoryLun(0);
        assertEquals(4 << 20, lun.store().allocatedBytes());

        lun.reset();

        assertEquals(0, lun.store().allocatedBytes());
        QemuIo.run(disk, "read -P 0 0 4M");
    }

    @Test
    void aSeededImageIsIdenticalToTheDiskQemuImgSees(TestTarget target, @TempDir Path dir) throws Exception {
        byte[] image = new byte[12 << 20];
        new Random(7).nextBytes(image);
        Arrays.fill(image, 4 << 20, 8 << 20, (byte) 0);              // a hole that stays unallocated
        Path file = Files.write(dir.resolve("golden.raw"), image);

        target.memoryLun(0).seed(0, file);

        assertEquals(8 << 20, target.memoryLun(0).store().allocatedBytes());
        String compare = RealInitiators.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw",
                file.toString(), target.url(0)).ok().output();
        assertTrue(compare.contains("Images are identical"), compare);

        QemuIo.run(target.url(0), "write -P 0x44 5M 64k");
        RealInitiators.Result differ = RealInitiators.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw",
                file.toString(), target.url(0));
        assertEquals(1, differ.exitCode(), "a changed disk is not identical: " + differ.output());
    }

    @Test
    void seededBytesAtAnOffsetAreWhatQemuReads(TestTarget target) throws Exception {
        byte[] pattern = new byte[256 << 10];
        Arrays.fill(pattern, (byte) 0x6c);
        target.memoryLun(0).seed(3 << 20, pattern);
        QemuIo.run(target.url(0), "read -P 0x6c 3M 256k", "read -P 0 0 3M");
    }

    @Test
    void aSnapshotOfAnotherStoreIsRefused(TestTarget target) {
        MemorySnapshot foreign = new MemoryStore(64 << 20, 512, false).snapshot();
        assertThrows(IllegalArgumentException.class, () -> target.memoryLun(0).restore(foreign));
    }
}
