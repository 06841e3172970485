package org.jtgt.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jtgt.api.BackingStore;

/** A store that forwards every call to another; tests override what they watch or change. */
class ForwardingStore implements BackingStore {

    private final BackingStore inner;

    ForwardingStore(BackingStore inner) {
        this.inner = inner;
    }

    @Override
    public long size() {
        return inner.size();
    }

    @Override
    public int blockSize() {
        return inner.blockSize();
    }

    @Override
    public int physicalBlockSize() {
        return inner.physicalBlockSize();
    }

    @Override
    public boolean readOnly() {
        return inner.readOnly();
    }

    @Override
    public boolean blocking() {
        return inner.blocking();
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        inner.read(offset, dst);
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        inner.write(offset, src);
    }

    @Override
    public void flush() throws IOException {
        inner.flush();
    }

    @Override
    public boolean supportsUnmap() {
        return inner.supportsUnmap();
    }

    @Override
    public void unmap(long offset, long length) throws IOException {
        inner.unmap(offset, length);
    }

    @Override
    public int unmapGranularity() {
        return inner.unmapGranularity();
    }

    @Override
    public boolean allocated(long offset) throws IOException {
        return inner.allocated(offset);
    }

    @Override
    public long allocationRunEnd(long offset, long limit) throws IOException {
        return inner.allocationRunEnd(offset, limit);
    }

    @Override
    public void close() throws IOException {
        inner.close();
    }
}
