package org.jtgt.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Snapshots, restores and resets while other threads write and read, as I/O workers do.
 *
 * <p>Each writer owns an 8 KiB record that straddles a chunk boundary, and writers share a chunk
 * in pairs, so after a snapshot two writers race to copy the same shared chunk. A writer fills
 * its record with one sequence number per write, counting up.
 */
class MemorySnapshotConcurrencyTest {

    private static final int CHUNK = MemoryStore.CHUNK_SIZE;
    private static final int WRITERS = 4;
    private static final int RECORD = 8192;
    private static final int WRITES = 20_000;
    private static final int SNAPSHOTS = 60;

    /** A snapshot and, per writer, the last write completed before it and the last one begun after it. */
    private record Taken(MemorySnapshot snapshot, long[] completedBefore, long[] begunAfter) {
    }

    @Test
    void snapshotsDuringWritesHoldWholeWritesInOrderAndNoWriteIsLost() throws Exception {
        MemoryStore store = new MemoryStore(16L * CHUNK, 512, false);
        AtomicLongArray begun = new AtomicLongArray(WRITERS);
        AtomicLongArray completed = new AtomicLongArray(WRITERS);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch writersDone = new CountDownLatch(WRITERS);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            threads.add(start("writer-" + w, failure, writersDone, () -> {
                ByteBuffer record = ByteBuffer.allocate(RECORD);
                for (long seq = 1; seq <= WRITES; seq++) {
                    fillRecord(record, seq);
                    begun.set(writer, seq);
                    store.write(recordOffset(writer), record);
                    completed.set(writer, seq);
                }
            }));
        }

        List<Taken> taken = new ArrayList<>();
        for (int k = 1; k <= SNAPSHOTS && writersDone.getCount() > 0; k++) {
            long due = (long) k * WRITES / (SNAPSHOTS + 1);            // spread the snapshots over the run
            while (completed.get(k % WRITERS) < due && writersDone.getCount() > 0) {
                Thread.yield();
            }
            long[] before = values(completed);
            MemorySnapshot snapshot = store.snapshot();
            taken.add(new Taken(snapshot, before, values(begun)));
        }
        for (Thread t : threads) {
            t.join();
        }
        rethrow(failure);
        assertTrue(taken.size() > 1, "snapshots were taken while the writers ran");

        for (int w = 0; w < WRITERS; w++) {
            assertEquals(WRITES, recordValue(store, w), "writer " + w + "'s last write is in the store: no write was lost");
        }
        long[] previous = new long[WRITERS];
        for (Taken t : taken) {
            store.restore(t.snapshot());
            for (int w = 0; w < WRITERS; w++) {
                long value = recordValue(store, w);
                assertTrue(value >= t.completedBefore()[w] && value <= t.begunAfter()[w],
                        "writer " + w + ": the snapshot holds write " + value + ", not one from "
                                + t.completedBefore()[w] + " to " + t.begunAfter()[w]);
                assertTrue(value >= previous[w], "a later snapshot never holds an older write");
                previous[w] = value;
            }
        }
    }

    @Test
    void aReadSeesTheContentsBeforeOrAfterARestoreOrResetNeverAMix() throws Exception {
        MemoryStore store = new MemoryStore(16L * CHUNK, 512, false);
        ByteBuffer record = ByteBuffer.allocate(RECORD);
        store.write(recordOffset(0), fillRecord(record, 42));
        MemorySnapshot written = store.snapshot();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch readersDone = new CountDownLatch(2);
        List<Thread> readers = new ArrayList<>();
        for (int r = 0; r < 2; r++) {
            readers.add(start("reader-" + r, failure, readersDone, () -> {
                while (!stop.get()) {
                    long value = recordValue(store, 0);         // fails on a torn record
                    assertTrue(value == 0 || value == 42, "read " + value);
                }
            }));
        }
        for (int i = 0; i < 5000 && failure.get() == null; i++) {
            store.reset();
            store.restore(written);
        }
        stop.set(true);
        for (Thread t : readers) {
            t.join();
        }
        rethrow(failure);
        assertEquals(42, recordValue(store, 0), "the last restore holds");
    }

    private static void rethrow(AtomicReference<Throwable> failure) {
        if (failure.get() != null) {
            throw new AssertionError("a writer or reader failed", failure.get());
        }
    }

    private static Thread start(String name, AtomicReference<Throwable> failure, CountDownLatch done, ThrowingRunnable body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            } finally {
                done.countDown();
            }
        }, name);
        t.start();
        return t;
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    /**
     * Half of the record on each side of a chunk boundary: writers 0 and 1 straddle the
     * boundaries 1|2 and 2|3 and share chunk 2; writers 2 and 3 share chunk 6.
     */
    private static long recordOffset(int writer) {
        long boundary = (writer / 2 * 4L + 2 + writer % 2) * CHUNK;
        return boundary - RECORD / 2;
    }

    private static ByteBuffer fillRecord(ByteBuffer record, long seq) {
        record.clear();
        while (record.hasRemaining()) {
            record.putLong(seq);
        }
        return record.flip();
    }

    /** The sequence number in a writer's record, checking that the record holds only that one. */
    private static long recordValue(MemoryStore store, int writer) {
        ByteBuffer b = ByteBuffer.allocate(RECORD);
        store.read(recordOffset(writer), b);
        b.flip();
        long first = b.getLong(0);
        while (b.hasRemaining()) {
            long v = b.getLong();
            if (v != first) {
                throw new AssertionError("writer " + writer + "'s record is torn: " + first + " and " + v
                        + " at byte " + (b.position() - 8));
            }
        }
        return first;
    }

    private static long[] values(AtomicLongArray array) {
        long[] v = new long[array.length()];
        for (int i = 0; i < v.length; i++) {
            v[i] = array.get(i);
        }
        return v;
    }
}
