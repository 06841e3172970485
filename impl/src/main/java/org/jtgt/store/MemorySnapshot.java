package org.jtgt.store;

/**
 * The frozen contents of a {@link MemoryStore} at one moment, made by
 * {@link MemoryStore#snapshot()} and given back to {@link MemoryStore#restore}; it can be
 * restored any number of times, only into the store it was taken of.
 *
 * <p>A snapshot shares its memory with the store (copy on write) and keeps the chunks it
 * shares alive as long as it is referenced: drop the reference to free them. Immutable;
 * thread-safe.
 */
public final class MemorySnapshot {

    private final MemoryStore store;
    private final ChunkTable contents;

    MemorySnapshot(MemoryStore store, ChunkTable contents) {
        this.store = store;
        this.contents = contents;
    }

    /** Whether this is a snapshot of {@code memoryStore}, the only store it can be restored into. */
    boolean takenOf(MemoryStore memoryStore) {
        return store == memoryStore;
    }

    ChunkTable contents() {
        return contents;
    }

    /** Bytes of memory in the chunks the snapshot maps, shared with the store or not. */
    public long allocatedBytes() {
        return contents.allocatedBytes();
    }

    @Override
    public String toString() {
        return "snapshot of " + store + " mapping " + contents.allocatedBytes() + " bytes";
    }
}
