package org.jtgt.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;
import org.jtgt.api.BackingStore;

/**
 * A store in a file, read and written with positional {@link FileChannel} I/O; flush forces
 * the file's data to the device. Blocking, so the engine runs it on the store executor.
 * Thread-safe: positional transfers on one channel may run concurrently.
 */
public final class FileStore implements BackingStore {

    private final Path path;
    private final FileChannel channel;
    private final long size;
    private final int blockSize;
    private final int physicalBlockSize;
    private final boolean readOnly;

    /**
     * Opens a file store whose physical blocks are its logical blocks.
     *
     * @param size the store size; a file shorter than that is extended (sparsely), or -1 to use
     *        the file's own length rounded down to whole blocks
     */
    public FileStore(Path path, long size, int blockSize, boolean readOnly) throws IOException {
        this(path, size, blockSize, blockSize, readOnly);
    }

    /**
     * Opens a file store.
     *
     * @param size the store size; a file shorter than that is extended (sparsely), or -1 to use
     *        the file's own length rounded down to whole blocks
     * @param physicalBlockSize what {@link #physicalBlockSize()} reports, e.g. the sector size
     *        of the device under the file
     */
    public FileStore(Path path, long size, int blockSize, int physicalBlockSize, boolean readOnly) throws IOException {
        this.path = path;
        this.blockSize = blockSize;
        this.physicalBlockSize = physicalBlockSize;
        this.readOnly = readOnly;
        if (size < 0 && !Files.exists(path)) {
            throw new IOException("file " + path + " does not exist; give a size to create it (file:" + path + "?size=1G)");
        }
        Set<StandardOpenOption> options = readOnly ? EnumSet.of(StandardOpenOption.READ)
                : EnumSet.of(StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
        this.channel = FileChannel.open(path, options);
        try {
            long length = channel.size();
            if (size < 0) {
                size = length - length % blockSize;
                if (size == 0) {
                    throw new IOException("file " + path + " is smaller than one block");
                }
            } else if (length < size) {
                if (readOnly) {
                    throw new IOException("file " + path + " has " + length + " bytes, less than the size " + size + " of a read-only store");
                }
                channel.write(ByteBuffer.allocate(1), size - 1);   // extends the file without writing the gap
            }
            this.size = size;
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
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
        return true;
    }

    @Override
    public void read(long offset, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = channel.read(dst, offset);
            if (n < 0) {
                // the file was truncated behind our back: what is not there reads as zeros
                while (dst.hasRemaining()) {
                    dst.put((byte) 0);
                }
                return;
            }
            offset += n;
        }
    }

    @Override
    public void write(long offset, ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            offset += channel.write(src, offset);
        }
    }

    @Override
    public void flush() throws IOException {
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    @Override
    public String toString() {
        return "file store " + path;
    }
}
