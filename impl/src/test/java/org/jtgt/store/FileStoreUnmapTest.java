package org.jtgt.store;

import static org.jtgt.store.StoresTest.random;
import static org.jtgt.store.StoresTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jtgt.api.BackingStore;
import org.jtgt.api.StoreUri;
import org.jtgt.testing.FileSpace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A writable file store releases space on unmap by punching holes, on the file system of the
 * test's temporary directory and on tmpfs ({@code /dev/shm}); the space released is measured
 * with {@code stat -c %b}, the allocated 512-byte units of the file. Where holes cannot be
 * punched it writes zeros; a read-only store is fully provisioned.
 */
class FileStoreUnmapTest {

    private static final int MIB = 1 << 20;

    private Path dir;

    private Path dirOn(String where) throws IOException {
        dir = FileSpace.directoryOn(where);
        return dir;
    }

    @AfterEach
    void deleteDir() throws IOException {
        FileSpace.delete(dir);
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"tmp", "/dev/shm"})
    void unmapPunchesAHoleThatReadsAsZerosAndReleasesItsWholeBlocks(String where) throws Exception {
        Path file = dirOn(where).resolve("disk.img");
        byte[] data = random(8 * MIB);
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=8M"))) {
            int unit = s.unmapGranularity();
            assertEquals(FileStore.unmapGranularity(Files.getFileStore(file).getBlockSize(), 512), unit);
            assertTrue(s.supportsUnmap());
            s.write(0, ByteBuffer.wrap(data));
            s.flush();
            long before = FileSpace.allocatedUnits(file);
            assertTrue(before >= 8 * MIB / 512, "the written file holds its 8 MiB: " + before);

            long start = MIB + 512;                       // mid-unit at both ends
            int length = 2 * MIB;
            s.unmap(start, length);
            s.flush();

            assertArrayEquals(new byte[length], read(s, start, length), "the range reads as zeros");
            assertArrayEquals(Arrays.copyOf(data, (int) start), read(s, 0, (int) start), "the bytes before it stay");
            int after = (int) (start + length);
            assertArrayEquals(Arrays.copyOfRange(data, after, data.length), read(s, after, data.length - after), "the bytes after it stay");
            assertEquals(8L * MIB, Files.size(file), "the file keeps its size");

            long firstWhole = MIB + unit;                 // the whole units inside the range
            long endWhole = start + length - (start + length) % unit;
            long released = before - FileSpace.allocatedUnits(file);
            long expected = (endWhole - firstWhole) / 512;
            assertTrue(released >= expected - unit / 512 && released <= expected + unit / 512,
                    "released " + released + " units of 512 bytes; the whole units in the range are " + expected);

            assertTrue(s.allocated(MIB), "the unit holding the range's zeroed start keeps its space");
            assertEquals(firstWhole, s.allocationRunEnd(0, 8L * MIB));
            assertFalse(s.allocated(firstWhole));
            assertFalse(s.allocated(endWhole - 512));
            assertEquals(endWhole, s.allocationRunEnd(firstWhole, 8L * MIB));
            assertEquals(endWhole - 512, s.allocationRunEnd(firstWhole + 1024, endWhole - 512), "runs end at the limit");
            assertTrue(s.allocated(endWhole), "the unit holding the range's zeroed end keeps its space");
            assertEquals(8L * MIB, s.allocationRunEnd(endWhole, 8L * MIB));
        }
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"tmp", "/dev/shm"})
    void aSparseFileReportsItsHolesDeallocated(String where) throws Exception {
        Path file = dirOn(where).resolve("sparse.img");
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=4M&blocksize=4096"))) {
            s.write(MIB, ByteBuffer.wrap(random(8192)));
            s.flush();
            assertFalse(s.allocated(0));
            assertEquals(MIB, s.allocationRunEnd(0, 4L * MIB));
            assertEquals(MIB / 2, s.allocationRunEnd(4096, MIB / 2));
            assertTrue(s.allocated(MIB));
            assertTrue(s.allocated(MIB + 4096));
            assertEquals(MIB + 8192, s.allocationRunEnd(MIB, 4L * MIB));
            assertFalse(s.allocated(MIB + 8192));
            assertEquals(4L * MIB, s.allocationRunEnd(MIB + 8192, 4L * MIB));
            assertArrayEquals(new byte[4096], read(s, 0, 4096), "a hole reads as zeros");
        }
    }

    @Test
    void whereNoHoleCanBePunchedUnmapWritesZerosAndKeepsTheSpace() throws Exception {
        Path file = dirOn(FileSpace.TMP).resolve("zeroing.img");
        byte[] data = random(MIB);
        try (FileStore s = FileStore.zeroingOnUnmap(file, MIB, 512)) {
            assertTrue(s.supportsUnmap(), "unmapped blocks still read as zeros, as a thin disk promises");
            assertTrue(s.blocking(), "told it may run inline, but its unmaps write zeros: on the store threads");
            s.write(0, ByteBuffer.wrap(data));
            s.flush();
            long before = FileSpace.allocatedUnits(file);
            s.unmap(512, 300 * 1024);
            s.flush();
            assertArrayEquals(new byte[300 * 1024], read(s, 512, 300 * 1024));
            assertArrayEquals(Arrays.copyOf(data, 512), read(s, 0, 512));
            int after = 512 + 300 * 1024;
            assertArrayEquals(Arrays.copyOfRange(data, after, MIB), read(s, after, MIB - after));
            assertEquals(before, FileSpace.allocatedUnits(file), "zeros written keep their space");
            assertTrue(s.allocated(4096), "without holes every block is reported allocated");
            assertEquals(MIB, s.allocationRunEnd(0, MIB));
        }
    }

    @Test
    void aReadOnlyStoreIsFullyProvisioned() throws Exception {
        Path file = dirOn(FileSpace.TMP).resolve("ro.img");
        try (BackingStore w = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=1M"))) {
            w.write(0, ByteBuffer.wrap(random(4096)));
        }
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?readonly=true"))) {
            assertFalse(s.supportsUnmap());
            assertThrows(UnsupportedOperationException.class, () -> s.unmap(0, 4096));
            assertTrue(s.allocated(512 * 1024), "a hole of a read-only file is reported mapped");
            assertEquals(MIB, s.allocationRunEnd(0, MIB));
            assertArrayEquals(random(4096), read(s, 0, 4096));
        }
    }

    @Test
    void closedHolesPunchNothing() throws Exception {
        Path file = dirOn(FileSpace.TMP).resolve("closed.img");
        Files.write(file, random(64 * 1024));
        FileHoles holes = FileHoles.open(file);
        holes.close();
        holes.close();
        IOException e = assertThrows(IOException.class, () -> holes.punch(0, 4096));
        assertTrue(e.getMessage().contains("closed"), e.getMessage());
        assertThrows(IOException.class, () -> holes.allocated(0, 512));
        assertArrayEquals(random(64 * 1024), Files.readAllBytes(file));
    }

    @Test
    void theUnmapGranularityIsTheFileSystemBlockWhenItIsAPowerOfTwoMultipleOfTheBlock() {
        assertEquals(4096, FileStore.unmapGranularity(4096, 512));
        assertEquals(4096, FileStore.unmapGranularity(4096, 4096));
        assertEquals(65536, FileStore.unmapGranularity(65536, 512));
        assertEquals(4096, FileStore.unmapGranularity(1024, 4096), "a smaller file system block: one block");
        assertEquals(512, FileStore.unmapGranularity(0, 512), "unknown: one block");
        assertEquals(512, FileStore.unmapGranularity(3072, 512), "not a power of two: one block");
        assertEquals(512, FileStore.unmapGranularity(2 << 20, 512), "above 1 MiB: one block");
    }
}
