package org.jtgt.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Snapshot, restore and reset of a {@link MemoryStore}, one thread at a time. */
class MemorySnapshotTest {

    private static final int CHUNK = MemoryStore.CHUNK_SIZE;

    private final MemoryStore store = new MemoryStore(64L * CHUNK, 512, false);

    @Test
    void snapshotCopiesNoDataAndAWriteCopiesOnlyTheChunkItTouches() throws IOException {
        fill(store, 0, (byte) 1, 4 * CHUNK);
        ByteBuffer[] before = chunks(store.currentContents(), 4);

        MemorySnapshot snapshot = store.snapshot();
        ByteBuffer[] shared = chunks(store.currentContents(), 4);
        for (int i = 0; i < 4; i++) {
            assertSame(before[i], shared[i], "chunk " + i + " is shared, not copied, at snapshot time");
            assertSame(before[i], snapshot.contents().chunk(i));
        }

        fill(store, CHUNK + 512, (byte) 2, 512);
        ByteBuffer[] after = chunks(store.currentContents(), 4);
        assertNotSame(before[1], after[1], "the written chunk was copied before the write");
        assertSame(before[1], snapshot.contents().chunk(1), "the snapshot keeps the original");
        for (int i : new int[] {0, 2, 3}) {
            assertSame(before[i], after[i], "chunk " + i + " was not written and stays shared");
        }
        assertEquals(1, before[1].get(CHUNK / 2), "the snapshot's chunk was not written");
        assertEquals(4L * CHUNK, store.allocatedBytes(), "the copy replaces the chunk in the store's map");
        assertEquals(4L * CHUNK, snapshot.allocatedBytes());
    }

    @Test
    void restoreBringsBackTheSnapshotAsOftenAsAsked() throws IOException {
        byte[] original = pattern(3 * CHUNK, 7);
        store.write(CHUNK / 2, ByteBuffer.wrap(original));
        MemorySnapshot snapshot = store.snapshot();

        fill(store, CHUNK, (byte) 0x55, 2 * CHUNK);
        fill(store, 40L * CHUNK, (byte) 0x66, 512);
        assertFalse(Arrays.equals(original, read(store, CHUNK / 2, original.length)));

        store.restore(snapshot);
        assertArrayEquals(original, read(store, CHUNK / 2, original.length));
        assertArrayEquals(new byte[512], read(store, 40L * CHUNK, 512), "a chunk written after the snapshot is gone");
        assertFalse(store.allocated(40L * CHUNK));
        assertEquals(4L * CHUNK, store.allocatedBytes());

        fill(store, CHUNK, (byte) 0x77, CHUNK);
        store.restore(snapshot);
        assertArrayEquals(original, read(store, CHUNK / 2, original.length), "writes after a restore leave the snapshot as it was");
    }

    @Test
    void unmapAfterASnapshotLeavesTheSnapshotWhole() throws IOException {
        byte[] original = pattern(3 * CHUNK, 3);
        store.write(0, ByteBuffer.wrap(original));
        MemorySnapshot snapshot = store.snapshot();

        store.unmap(512, 2 * CHUNK);                      // part of chunk 0, all of chunk 1, part of chunk 2
        assertFalse(store.allocated(CHUNK));
        assertArrayEquals(new byte[2 * CHUNK], read(store, 512, 2 * CHUNK));
        assertEquals(2L * CHUNK, store.allocatedBytes());

        store.restore(snapshot);
        assertArrayEquals(original, read(store, 0, original.length));
        assertTrue(store.allocated(CHUNK));
    }

    @Test
    void snapshotsOfSnapshotsEachKeepTheirOwnContents() throws IOException {
        fill(store, 0, (byte) 1, 512);
        MemorySnapshot first = store.snapshot();
        fill(store, 0, (byte) 2, 512);
        MemorySnapshot second = store.snapshot();
        fill(store, 0, (byte) 3, 512);

        store.restore(first);
        assertEquals(1, read(store, 0, 512)[511]);
        store.restore(second);
        assertEquals(2, read(store, 0, 512)[511]);
        store.restore(first);
        assertEquals(1, read(store, 0, 512)[511]);
    }

    @Test
    void resetMakesEveryByteZeroAndDropsTheMemory() throws IOException {
        fill(store, 0, (byte) 9, 8 * CHUNK);
        WeakReference<ByteBuffer> chunk = new WeakReference<>(store.currentContents().chunk(3));

        store.reset();

        assertEquals(0, store.allocatedBytes());
        assertFalse(store.allocated(3L * CHUNK));
        assertEquals(64L * CHUNK, store.allocationRunEnd(0, 64L * CHUNK), "one unallocated run");
        assertArrayEquals(new byte[8 * CHUNK], read(store, 0, 8 * CHUNK));
        assertTrue(unreachable(chunk), "the store holds no reference to the chunk's memory any more");
    }

    @Test
    void aSnapshotKeepsItsMemoryThroughAResetAndReleasesItWhenDropped() throws IOException {
        byte[] original = pattern(2 * CHUNK, 5);
        store.write(0, ByteBuffer.wrap(original));
        MemorySnapshot snapshot = store.snapshot();
        WeakReference<ByteBuffer> chunk = new WeakReference<>(snapshot.contents().chunk(0));

        store.reset();
        assertEquals(0, store.allocatedBytes());
        store.restore(snapshot);
        assertArrayEquals(original, read(store, 0, original.length), "the snapshot outlived the reset");

        store.reset();
        snapshot = null;
        assertTrue(unreachable(chunk), "nothing holds the memory once the snapshot is dropped");
    }

    @Test
    void closeDropsTheContentsLikeReset() throws IOException {
        fill(store, 0, (byte) 1, CHUNK);
        store.close();
        assertEquals(0, store.allocatedBytes());
    }

    @Test
    void aSnapshotRestoresOnlyIntoItsOwnStore() {
        MemoryStore other = new MemoryStore(64L * CHUNK, 512, false);
        MemorySnapshot snapshot = other.snapshot();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.restore(snapshot));
        assertTrue(e.getMessage().contains("another store"), e.getMessage());
    }

    @Test
    void aFreshStoreHasNothingToShare() {
        assertNull(store.currentContents().chunk(0));
        assertEquals(0, store.snapshot().allocatedBytes());
    }

    /**
     * Whether the referent is gone after a few full collections. {@code System.gc()} collects
     * weakly reachable objects on every HotSpot collector unless -XX:+DisableExplicitGC is set;
     * the loop only guards against a collector that needs more than one pass.
     */
    static boolean unreachable(WeakReference<?> ref) {
        for (int i = 0; i < 10 && ref.get() != null; i++) {
            System.gc();
        }
        return ref.get() == null;
    }

    private static ByteBuffer[] chunks(ChunkTable table, int count) {
        ByteBuffer[] chunks = new ByteBuffer[count];
        for (int i = 0; i < count; i++) {
            chunks[i] = table.chunk(i);
            assertTrue(chunks[i] != null, "chunk " + i + " is allocated");
        }
        return chunks;
    }

    static byte[] pattern(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + seed + (i >>> 9));
        }
        return b;
    }

    static void fill(MemoryStore store, long offset, byte value, int length) throws IOException {
        byte[] b = new byte[length];
        Arrays.fill(b, value);
        store.write(offset, ByteBuffer.wrap(b));
    }

    static byte[] read(MemoryStore store, long offset, int length) {
        ByteBuffer b = ByteBuffer.allocate(length);
        store.read(offset, b);
        return b.array();
    }
}
