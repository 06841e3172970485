package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * qemu-img writes an image to a LUN through QEMU's libiscsi driver and reads it back: the
 * bytes must be identical, with one I/O thread and with four, on a memory store and on a
 * file store, both one that runs on the blocking executor ({@code blocking=true}) and one the
 * I/O workers call directly ({@code blocking=false}).
 */
class QemuImageRoundTripTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:qemu";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @ParameterizedTest(name = "-T {0}, {1}")
    @CsvSource({"1, memory:64M", "4, memory:64M", "1, file:DIR/disk.img?size=64M&blocking=true", "4, file:DIR/disk.img?size=64M&blocking=true",
        "1, file:DIR/disk.img?size=64M&blocking=false", "4, file:DIR/disk.img?size=64M&blocking=false"})
    void imageWrittenAndReadBackIsIdentical(int threads, String uri, @TempDir Path dir) throws Exception {
        String store = uri.replace("DIR", dir.toString());
        byte[] image = new byte[40 * 1024 * 1024 + 4096];
        new Random(threads * 31L + uri.length()).nextBytes(image);
        Path source = dir.resolve("source.raw");
        Files.write(source, image);
        try (JtgtServer server = JtgtServer.builder().threads(threads).target(TARGET, t -> t.lun(0, store)).start()) {
            String url = server.url(TARGET, 0);
            RealInitiators.run(TIMEOUT, "qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source.toString(), url).ok();
            String compare = RealInitiators.run(TIMEOUT, "qemu-img", "compare", "-f", "raw", "-F", "raw", source.toString(), url)
                    .ok().output();
            assertTrue(compare.contains("Images are identical"), compare);

            Path back = dir.resolve("back.raw");
            RealInitiators.run(TIMEOUT, "qemu-img", "convert", "-f", "raw", "-O", "raw", url, back.toString()).ok();
            byte[] read = Files.readAllBytes(back);
            assertEquals(64 * 1024 * 1024, read.length);
            assertArrayEquals(image, Arrays.copyOf(read, image.length));
            for (int i = image.length; i < read.length; i++) {
                if (read[i] != 0) {
                    throw new AssertionError("byte " + i + " past the image is " + read[i] + ", not zero");
                }
            }
        }
    }
}
