package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.journal.IoJournal;
import org.jtgt.scsi.LbaRange;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.FileSpace;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * QEMU's iSCSI driver discards a range of a LUN over a file store: it sends UNMAP, the file's
 * space really drops (stat), the range reads back as zeros through QEMU and in the file, and
 * {@code qemu-img map}, which asks GET LBA STATUS, sees it deallocated. On the file system of
 * the JVM's temporary directory and on tmpfs ({@code /dev/shm}).
 */
class FileUnmapWithQemuTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:punch";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final int FOUR_MIB = 4 << 20;

    private Path dir;

    @AfterEach
    void deleteDir() throws IOException {
        FileSpace.delete(dir);
    }

    private static RealInitiators.Result qemuIo(String url, String... commands) {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url);
        return RealInitiators.run(TIMEOUT, cmd.toArray(String[]::new));
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {FileSpace.TMP, "/dev/shm"})
    void aDiscardReleasesTheFilesSpaceAndReadsAsZeros(String where) throws Exception {
        dir = FileSpace.directoryOn(where);
        Path file = dir.resolve("disk.img");
        try (JtgtServer server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "file:" + file + "?size=64M")).start()) {
            String url = server.url(TARGET, 0);
            IoJournal journal = server.journal(TARGET, 0);
            journal.setEnabled(true);

            qemuIo(url, "write -P 0x5a 0 4M", "flush").ok();
            long written = FileSpace.allocatedUnits(file);
            assertTrue(written >= FOUR_MIB / 512, "4 MiB written hold their space: " + written + " units");
            String before = RealInitiators.run(TIMEOUT, "qemu-img", "map", "--output=json", url).ok().output();
            assertTrue(before.contains("\"start\": 0, \"length\": 4194304, \"depth\": 0, \"present\": true, \"zero\": false, \"data\": true"), before);

            qemuIo(url, "discard 0 4M").ok();
            assertEquals(List.of(new LbaRange(0, FOUR_MIB / 512)), journal.snapshot().unmaps().blocks(), "QEMU sent one UNMAP of the range");
            long released = written - FileSpace.allocatedUnits(file);
            assertTrue(released >= FOUR_MIB / 512 - 8, "the discard released " + released + " units of 512 bytes, not 4 MiB");

            String read = qemuIo(url, "read -P 0 0 4M").ok().output();
            assertFalse(read.contains("Pattern verification failed"), read);
            assertArrayEquals(new byte[FOUR_MIB], fileBytes(file, FOUR_MIB), "the file holds zeros there");
            String after = RealInitiators.run(TIMEOUT, "qemu-img", "map", "--output=json", url).ok().output();
            assertTrue(after.contains("\"start\": 0, \"length\": 67108864, \"depth\": 0, \"present\": true, \"zero\": true, \"data\": false"),
                    "GET LBA STATUS reports the whole disk deallocated: " + after);
        }
    }

    private static byte[] fileBytes(Path file, int n) throws IOException {
        try (FileChannel c = FileChannel.open(file)) {
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && c.read(b, b.position()) >= 0) {
                // until full
            }
            return b.array();
        }
    }
}
