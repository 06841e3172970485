package org.jtgt.examples.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.jtgt.junit.JtgtExtension;
import org.jtgt.junit.LunUrl;
import org.jtgt.junit.TestTarget;
import org.jtgt.store.MemorySnapshot;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Example 1: a test suite that needs an iSCSI disk gets one from the JUnit 5 extension, with no
 * root, no kernel module and no sleep: one server for the class on a free port, a fresh target
 * per test. qemu-img is the client here; yours might be a CSI driver or a backup tool.
 */
class QemuImgAgainstAnInJvmDiskTest {

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().lun(0, "memory:32M").build();

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @Test
    void anImageConvertedOntoTheDiskReadsBackIdentical(@LunUrl(0) String url, @TempDir Path dir) throws Exception {
        byte[] image = new byte[3 << 20];
        new Random(1).nextBytes(image);
        Path source = Files.write(dir.resolve("source.raw"), image);

        RealInitiators.run(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), url).ok();

        Path back = dir.resolve("back.raw");
        RealInitiators.run(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw", url, back.toString()).ok();
        assertEquals(32 << 20, Files.size(back));
        byte[] head = new byte[image.length];
        System.arraycopy(Files.readAllBytes(back), 0, head, 0, head.length);
        assertTrue(java.util.Arrays.equals(image, head), "the bytes qemu-img wrote are the bytes it reads");
    }

    @Test
    void aGoldenImageSeededAndRestoredBetweenSteps(TestTarget target, @TempDir Path dir) throws Exception {
        byte[] golden = new byte[1 << 20];
        new Random(2).nextBytes(golden);
        Path goldenFile = Files.write(dir.resolve("golden.raw"), golden);
        target.memoryLun(0).seed(0, goldenFile);
        MemorySnapshot pristine = target.memoryLun(0).snapshot();

        // the code under test scribbles over the disk...
        RealInitiators.run(TIMEOUT, "qemu-io", "-f", "raw", "-c", "write -P 0xee 0 64k", target.url(0)).ok();
        String changed = RealInitiators.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", goldenFile.toString(),
                target.url(0)).output();
        assertTrue(changed.contains("Content mismatch at offset 0"), changed);

        // ...and the next step starts from the golden image again, without copying it
        target.memoryLun(0).restore(pristine);
        String same = RealInitiators.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", goldenFile.toString(),
                target.url(0)).output();
        assertTrue(same.contains("Images are identical"), same);
    }
}
