package org.jtgt.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.jtgt.api.BackingStore;
import org.jtgt.api.StoreUri;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in stores and their URIs. */
class StoresTest {

    /** {@code n} bytes, the same for the same {@code n}. */
    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    /** {@code n} bytes of {@code s} at {@code offset}; the read must fill its buffer. */
    static byte[] read(BackingStore s, long offset, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n);
        s.read(offset, b);
        assertEquals(n, b.position(), "the read fills the buffer to its limit");
        return b.array();
    }

    @Test
    void memoryStoreIsSparseAndKeepsWhatIsWritten() throws Exception {
        MemoryStore s = new MemoryStore(1L << 40, 512, false);     // 1 TiB
        assertEquals(0, s.allocatedBytes(), "nothing allocated until written");
        assertArrayEquals(new byte[4096], read(s, 500L << 30, 4096));
        byte[] data = random(200_000);                              // spans several 64 KiB chunks
        long at = (1L << 40) - 300_000;
        ByteBuffer src = ByteBuffer.wrap(data);
        s.write(at, src);
        assertEquals(data.length, src.position());
        assertArrayEquals(data, read(s, at, data.length));
        assertEquals(4 * MemoryStore.CHUNK_SIZE, s.allocatedBytes());
        assertFalse(s.blocking());
    }

    @Test
    void memoryStoreUnmapReleasesWholeChunksAndZeroesPartialOnes() throws Exception {
        MemoryStore s = new MemoryStore(1L << 20, 512, false);
        s.write(0, ByteBuffer.wrap(random(1 << 20)));
        assertEquals(1 << 20, s.allocatedBytes());
        s.unmap(512, 3 * MemoryStore.CHUNK_SIZE);          // a partial chunk, two whole, a partial
        assertEquals((1 << 20) - 2 * MemoryStore.CHUNK_SIZE, s.allocatedBytes());
        assertArrayEquals(new byte[3 * MemoryStore.CHUNK_SIZE], read(s, 512, 3 * MemoryStore.CHUNK_SIZE));
        assertFalse(read(s, 0, 512)[0] == 0 && read(s, 0, 512)[1] == 0 && read(s, 0, 512)[2] == 0, "bytes before the range stay");
    }

    @Test
    void memoryStoreHandlesConcurrentWritersToDistinctBlocks() throws Exception {
        MemoryStore s = new MemoryStore(64L << 20, 512, false);
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                byte[] block = new byte[512];
                java.util.Arrays.fill(block, (byte) id);
                for (int i = 0; i < 2000; i++) {
                    try {
                        s.write(((long) i * threads.length + id) * 512, ByteBuffer.wrap(block));
                    } catch (IOException e) {
                        throw new AssertionError(e);
                    }
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        for (int i = 0; i < 2000 * threads.length; i++) {
            assertEquals((byte) (i % threads.length), read(s, (long) i * 512, 1)[0], "block " + i);
        }
    }

    @Test
    void fileStoreCreatesExtendsAndForces(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("d.img");
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=8M"))) {
            assertEquals(!FileStore.memoryFileSystem(Files.getFileStore(dir).type()), s.blocking(), "blocking unless on tmpfs or ramfs");
            assertEquals(8L << 20, s.size());
            assertEquals(8L << 20, Files.size(file));
            byte[] data = random(12345);
            s.write(4096, ByteBuffer.wrap(data));
            s.flush();
            assertArrayEquals(data, read(s, 4096, data.length));
        }
        try (BackingStore again = new FileStoreProvider().open(StoreUri.parse("file:" + file))) {
            assertEquals(8L << 20, again.size(), "without size, the file's length");
            assertArrayEquals(random(12345), read(again, 4096, 12345), "data survives reopening");
        }
        try (BackingStore ro = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?readonly=true&blocksize=4096"))) {
            assertTrue(ro.readOnly());
            assertEquals(4096, ro.blockSize());
        }
    }

    @Test
    void fileStoreBlocksAsToldOrUnlessOnAMemoryFileSystem(@TempDir Path dir) throws Exception {
        for (String type : new String[] {"tmpfs", "ramfs"}) {
            assertTrue(FileStore.memoryFileSystem(type), type);
        }
        for (String type : new String[] {"ext4", "xfs", "btrfs", "overlay", "nfs4", "zfs", "fuse.sshfs", "devtmpfs", ""}) {
            assertFalse(FileStore.memoryFileSystem(type), type);
        }
        Path file = dir.resolve("told.img");
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=1M&blocking=true"))) {
            assertTrue(s.blocking());
        }
        try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?blocking=false"))) {
            assertFalse(s.blocking());
        }
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> new FileStoreProvider().open(StoreUri.parse("file:" + file + "?blocking=sometimes")));
        assertTrue(bad.getMessage().contains("blocking"), bad.getMessage());
    }

    @Test
    void aFileStoreOnTmpfsIsNotBlockingUnlessTold() throws Exception {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"), "no tmpfs at /dev/shm here");
        Path dir = Files.createTempDirectory(shm, "jtgt-stores-");
        Path file = dir.resolve("not-yet/there.img");
        try {
            assertFalse(FileStore.blockingByDefault(file), "a file yet to be made, in a directory yet to be made, on tmpfs");
            Files.createDirectories(file.getParent());
            try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=1M"))) {
                assertFalse(s.blocking());
            }
            try (BackingStore s = new FileStore(file, -1, 512, false)) {
                assertFalse(s.blocking(), "the constructors without blocking decide the same way");
            }
            try (BackingStore s = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?blocking=true"))) {
                assertTrue(s.blocking());
            }
            assertTrue(FileStore.blockingByDefault(dir), "on tmpfs but not a regular file (a device node in a tmpfs /dev, say)");
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(file.getParent());
            Files.delete(dir);
        }
    }

    @Test
    void fileStoreRefusesWhatItCannotServe(@TempDir Path dir) {
        IOException missing = assertThrows(IOException.class,
                () -> new FileStoreProvider().open(StoreUri.parse("file:" + dir.resolve("none.img"))));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FileStoreProvider().open(StoreUri.parse("file:?size=1M")));
        assertThrows(IllegalArgumentException.class,
                () -> new FileStoreProvider().open(StoreUri.parse("file:" + dir.resolve("x") + "?size=1000")));
    }

    @Test
    void nullStoreReadsZerosAndDropsWrites() throws Exception {
        BackingStore s = new NullStoreProvider().open(StoreUri.parse("null:1T"));
        s.write(0, ByteBuffer.wrap(random(100_000)));
        assertArrayEquals(new byte[100_000], read(s, 0, 100_000));
        assertEquals(1L << 40, s.size());
    }

    @Test
    void providerParametersAreChecked() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> new MemoryStoreProvider().open(StoreUri.parse("memory:1G?colour=blue")));
        assertTrue(unknown.getMessage().contains("colour"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MemoryStoreProvider().open(StoreUri.parse("memory:1G?blocksize=1024")));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStoreProvider().open(StoreUri.parse("memory:1000")));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStoreProvider().open(StoreUri.parse("memory:0")));
        assertThrows(IllegalArgumentException.class, () -> new MemoryStoreProvider().open(StoreUri.parse("memory:lots")));
        assertEquals(4096, new MemoryStoreProvider().open(StoreUri.parse("memory:1M?blocksize=4096")).blockSize());
    }

    @Test
    void physicalBlockSizeIsAPowerOfTwoMultipleOfTheBlockSize(@TempDir Path dir) throws Exception {
        assertEquals(512, new MemoryStoreProvider().open(StoreUri.parse("memory:1M")).physicalBlockSize(), "default: one block");
        assertEquals(4096, new MemoryStoreProvider().open(StoreUri.parse("memory:1M?physicalblocksize=4096")).physicalBlockSize());
        assertEquals(4096, new MemoryStoreProvider().open(StoreUri.parse("memory:1M?physicalblocksize=4K")).physicalBlockSize());
        assertEquals(16384, new NullStoreProvider().open(StoreUri.parse("null:1G?blocksize=4096&physicalblocksize=16K")).physicalBlockSize());
        Path file = dir.resolve("physical.img");
        try (BackingStore f = new FileStoreProvider().open(StoreUri.parse("file:" + file + "?size=1M&physicalblocksize=4096"))) {
            assertEquals(4096, f.physicalBlockSize());
            assertEquals(512, f.blockSize());
        }
        for (String bad : new String[] {"memory:1M?physicalblocksize=256", "memory:1M?physicalblocksize=1536", "memory:1M?physicalblocksize=3072",
            "memory:1M?blocksize=4096&physicalblocksize=2048", "memory:4M?physicalblocksize=2M", "memory:1M?physicalblocksize=0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryStoreProvider().open(StoreUri.parse(bad)), bad);
            assertTrue(e.getMessage().contains("physicalblocksize"), e.getMessage());
        }
    }
}
