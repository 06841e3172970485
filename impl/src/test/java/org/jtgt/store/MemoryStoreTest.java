package org.jtgt.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MemoryStoreTest {

    private static final int CHUNK = MemoryStore.CHUNK_SIZE;
    private static final long GIB = 1L << 30;

    @Test
    void freshStoreIsOneDeallocatedRun() {
        MemoryStore store = new MemoryStore(3 * GIB, 512, false);
        assertFalse(store.allocated(0));
        assertEquals(3 * GIB, store.allocationRunEnd(0, 3 * GIB));
        assertEquals(2 * CHUNK, store.allocationRunEnd(0, 2 * CHUNK));
        assertEquals(CHUNK + 512, store.allocationRunEnd(512, CHUNK + 512));
    }

    @Test
    void runsFollowWrittenChunks() throws IOException {
        MemoryStore store = new MemoryStore(3 * GIB, 512, false);
        long at = 2 * GIB + 3L * CHUNK;
        write(store, at + 512, (byte) 1, 512);

        assertFalse(store.allocated(0));
        assertEquals(at, store.allocationRunEnd(0, 3 * GIB), "skips the unwritten segments whole");
        assertTrue(store.allocated(at));
        assertTrue(store.allocated(at + CHUNK - 512));
        assertEquals(at + CHUNK, store.allocationRunEnd(at, 3 * GIB));
        assertEquals(at + 1024, store.allocationRunEnd(at, at + 1024));
        assertFalse(store.allocated(at + CHUNK));
        assertEquals(3 * GIB, store.allocationRunEnd(at + CHUNK, 3 * GIB));
    }

    @Test
    void adjacentWrittenChunksFormOneRun() throws IOException {
        MemoryStore store = new MemoryStore(16L * CHUNK, 512, false);
        write(store, 2L * CHUNK, (byte) 1, 3 * CHUNK);
        assertEquals(2L * CHUNK, store.allocationRunEnd(0, store.size()));
        assertEquals(5L * CHUNK, store.allocationRunEnd(2L * CHUNK + 512, store.size()));
    }

    @Test
    void unmapReleasesWholeChunksAndZeroesPartOfOne() throws IOException {
        MemoryStore store = new MemoryStore(16L * CHUNK, 512, false);
        write(store, 0, (byte) 0x5A, 2 * CHUNK);
        store.unmap(0, CHUNK + 1024);

        assertFalse(store.allocated(0));
        assertTrue(store.allocated(CHUNK), "a partly unmapped chunk keeps its memory");
        assertEquals(CHUNK, store.allocationRunEnd(0, store.size()));
        assertEquals(CHUNK, store.allocatedBytes());
        byte[] expected = new byte[2 * CHUNK];
        Arrays.fill(expected, CHUNK + 1024, 2 * CHUNK, (byte) 0x5A);
        assertArrayEquals(expected, read(store, 0, 2 * CHUNK));
    }

    @Test
    void unmapGranularityIsTheChunk() {
        assertEquals(65536, new MemoryStore(CHUNK, 4096, false).unmapGranularity());
    }

    private static void write(MemoryStore store, long offset, byte value, int length) throws IOException {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        store.write(offset, ByteBuffer.wrap(b));
    }

    private static byte[] read(MemoryStore store, long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        store.read(offset, b);
        return b.array();
    }
}
