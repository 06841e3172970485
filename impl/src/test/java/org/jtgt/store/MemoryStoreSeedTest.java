package org.jtgt.store;

import static org.jtgt.store.MemorySnapshotTest.fill;
import static org.jtgt.store.MemorySnapshotTest.pattern;
import static org.jtgt.store.MemorySnapshotTest.read;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeding a {@link MemoryStore} from bytes and from an image file. */
class MemoryStoreSeedTest {

    private static final int CHUNK = MemoryStore.CHUNK_SIZE;

    private final MemoryStore store = new MemoryStore(32L * CHUNK, 512, false);

    @Test
    void bytesAtAnUnalignedOffsetAcrossChunksReadBack() throws IOException {
        byte[] data = pattern(2 * CHUNK + 1000, 11);
        long at = CHUNK - 333;
        store.seed(at, data);
        assertArrayEquals(data, read(store, at, data.length));
        assertArrayEquals(new byte[CHUNK - 333], read(store, 0, CHUNK - 333), "bytes before stay zero");
        assertEquals(4L * CHUNK, store.allocatedBytes());
    }

    @Test
    void zerosStayUnallocatedWhereNothingWasWrittenAndOverwriteWhereSomethingWas() throws IOException {
        fill(store, 4L * CHUNK, (byte) 0x3C, CHUNK);
        store.seed(0, new byte[8 * CHUNK]);

        assertEquals(CHUNK, store.allocatedBytes(), "only the chunk that held data holds memory");
        assertFalse(store.allocated(0));
        assertArrayEquals(new byte[CHUNK], read(store, 4L * CHUNK, CHUNK), "the data there was overwritten with zeros");
    }

    @Test
    void anImageFileIsCopiedAndItsZeroChunksStaySparse(@TempDir Path dir) throws IOException {
        byte[] image = pattern(10 * CHUNK + 4096, 23);
        Arrays.fill(image, 2 * CHUNK, 7 * CHUNK, (byte) 0);                // a hole of five chunks
        Path file = Files.write(dir.resolve("disk.raw"), image);

        store.seed(0, file);

        assertArrayEquals(image, read(store, 0, image.length));
        assertEquals(6L * CHUNK, store.allocatedBytes(), "11 chunks of image less the hole of 5");
        assertEquals(7L * CHUNK, store.allocationRunEnd(2L * CHUNK, store.size()), "the hole is one unallocated run");
    }

    @Test
    void anImageAtAnOffsetThatIsNotChunkAligned(@TempDir Path dir) throws IOException {
        byte[] image = pattern(3 * CHUNK + 512, 5);
        Path file = Files.write(dir.resolve("disk.raw"), image);
        store.seed(CHUNK + 1536, file);
        assertArrayEquals(image, read(store, CHUNK + 1536, image.length));
    }

    @Test
    void aReadOnlyStoreCanBeSeeded() throws IOException {
        MemoryStore readOnly = new MemoryStore(4L * CHUNK, 512, true);
        byte[] data = pattern(4096, 1);
        readOnly.seed(512, data);
        assertArrayEquals(data, read(readOnly, 512, data.length));
        assertTrue(readOnly.readOnly(), "initiators still see a write-protected disk");
    }

    @Test
    void whatDoesNotFitIsRefusedBeforeAnythingIsWritten(@TempDir Path dir) throws IOException {
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> store.seed(store.size() - 100, new byte[101]));
        assertTrue(tooLong.getMessage().contains("does not fit"), tooLong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> store.seed(-1, new byte[1]));

        Path big = Files.write(dir.resolve("big.raw"), pattern(33 * CHUNK, 2));
        IllegalArgumentException tooBig = assertThrows(IllegalArgumentException.class, () -> store.seed(0, big));
        assertTrue(tooBig.getMessage().contains(big.toString()), tooBig.getMessage());
        assertEquals(0, store.allocatedBytes(), "nothing was written");
    }
}
