package org.jtgt.store;

import java.nio.ByteBuffer;
import org.jtgt.api.BackingStore;

/**
 * A store that keeps nothing: reads return zeros, writes are dropped. For measuring the
 * transport without storage costs. Thread-safe; never blocks.
 */
public final class NullStore implements BackingStore {

    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

    private final long size;
    private final int blockSize;
    private final int physicalBlockSize;
    private final boolean readOnly;

    /** A store of {@code size} bytes whose physical blocks are its logical blocks. */
    public NullStore(long size, int blockSize, boolean readOnly) {
        this(size, blockSize, blockSize, readOnly);
    }

    /** @param physicalBlockSize what {@link #physicalBlockSize()} reports */
    public NullStore(long size, int blockSize, int physicalBlockSize, boolean readOnly) {
        this.size = size;
        this.blockSize = blockSize;
        this.physicalBlockSize = physicalBlockSize;
        this.readOnly = readOnly;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int blockSize() {
        return blockSize;
    }

    @Override
    public int physicalBlockSize() {
        return physicalBlockSize;
    }

    @Override
    public boolean readOnly() {
        return readOnly;
    }

    @Override
    public boolean blocking() {
        return false;
    }

    @Override
    public void read(long offset, ByteBuffer dst) {
        while (dst.hasRemaining()) {
            int n = Math.min(dst.remaining(), ZEROS.capacity());
            dst.put(dst.position(), ZEROS, 0, n);
            dst.position(dst.position() + n);
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) {
        src.position(src.limit());
    }

    @Override
    public void flush() {
        // nothing is kept, nothing to flush
    }

    @Override
    public void close() {
        // nothing to release
    }

    @Override
    public String toString() {
        return "null store of " + size + " bytes";
    }
}
