package org.jtgt.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes behind a logical unit: a fixed-size array of bytes read and written at offsets.
 *
 * <h2>Thread safety</h2>
 * Implementations must be safe for concurrent use. The engine calls {@link #read}, {@link #write},
 * {@link #flush} and {@link #unmap} from several threads at once (I/O workers and the store
 * executor). Like a disk, a store gives no ordering between overlapping transfers that are in
 * flight at the same time; the engine serializes where SCSI requires it (COMPARE AND WRITE).
 *
 * <h2>Blocking</h2>
 * A store whose calls may block the calling thread (files, network) returns {@code true} from
 * {@link #blocking()}; the engine then calls it only from its bounded store executor, never from
 * an I/O worker. A store that works at memory speed returns {@code false} and is called directly
 * on the I/O worker that owns the connection, which is the fastest path.
 *
 * <h2>Buffers</h2>
 * Buffers passed to a store belong to the caller. A store transfers exactly
 * {@code buffer.remaining()} bytes starting at the buffer's position, leaves the position at the
 * limit on return, and keeps no reference to the buffer after the call returns.
 *
 * <h2>Ranges and errors</h2>
 * The engine checks every range against {@link #size()} before calling, so offsets and lengths
 * are always inside the store. A store reports a failure by throwing:
 * <ul>
 * <li>{@link MediumErrorException}: the bytes at an offset cannot be read or written; the
 *     initiator sees MEDIUM ERROR with the failing block in the sense data;</li>
 * <li>any other {@link IOException}: the transfer failed as a whole; the initiator sees
 *     MEDIUM ERROR (UNRECOVERED READ ERROR or WRITE ERROR);</li>
 * <li>an unchecked exception is a bug in the store: it is logged and the initiator sees
 *     HARDWARE ERROR (INTERNAL TARGET FAILURE).</li>
 * </ul>
 * None of these ever closes the connection or stops the server.
 */
public interface BackingStore extends Closeable {

    /** The size in bytes; a multiple of {@link #blockSize()}. Constant for the store's life. */
    long size();

    /** The logical block size in bytes: 512 (the default) or 4096. */
    default int blockSize() {
        return 512;
    }

    /** Whether the store refuses writes; the initiator then sees a write-protected disk. */
    default boolean readOnly() {
        return false;
    }

    /**
     * Whether calls may block the calling thread. {@code true} keeps the store off the I/O
     * workers; {@code false} promises that every call completes at memory speed.
     */
    boolean blocking();

    /**
     * Reads {@code dst.remaining()} bytes at {@code offset} into {@code dst}.
     *
     * @throws MediumErrorException if some of the bytes cannot be read
     * @throws IOException if the read failed for another reason
     */
    void read(long offset, ByteBuffer dst) throws IOException;

    /**
     * Writes {@code src.remaining()} bytes from {@code src} at {@code offset}. Never called on a
     * {@link #readOnly()} store.
     *
     * @throws MediumErrorException if some of the bytes cannot be written
     * @throws IOException if the write failed for another reason
     */
    void write(long offset, ByteBuffer src) throws IOException;

    /**
     * Makes every completed write durable (SYNCHRONIZE CACHE, FUA). A store without a volatile
     * cache does nothing.
     */
    void flush() throws IOException;

    /**
     * Whether {@link #unmap} releases space. Stores that return {@code false} are reported to
     * initiators as fully provisioned and never see {@code unmap}.
     */
    default boolean supportsUnmap() {
        return false;
    }

    /**
     * Releases {@code length} bytes at {@code offset} (UNMAP, WRITE SAME with UNMAP). Afterwards
     * the range reads back as zeros. Offset and length are multiples of {@link #blockSize()}.
     *
     * @throws UnsupportedOperationException if {@link #supportsUnmap()} is {@code false}
     */
    default void unmap(long offset, long length) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " does not support unmap");
    }

    /** Releases what the store holds (files, memory). Called once, after the last transfer. */
    @Override
    void close() throws IOException;
}
