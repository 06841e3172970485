package org.jtgt.api;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The bytes behind a logical unit: a fixed-size array of bytes read and written at offsets.
 *
 * <h2>Thread safety</h2>
 * Implementations must be safe for concurrent use. The engine calls {@link #read}, {@link #write},
 * {@link #flush}, {@link #unmap} and the allocation queries from several threads at once (I/O
 * workers and the store executor). Like a disk, a store gives no ordering between overlapping
 * transfers that are in flight at the same time; the engine serializes where SCSI requires it
 * (COMPARE AND WRITE, ORWRITE).
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

    /**
     * The physical block size in bytes: the unit the medium behind the store writes as a
     * whole, so that a write of part of one costs a read-modify-write (a file on a disk with
     * 4096-byte sectors under 512-byte logical blocks, for example). A power-of-two multiple
     * of {@link #blockSize()}, at most 2<sup>15</sup> blocks; reported to initiators as the
     * logical blocks per physical block of READ CAPACITY(16) and used to align what the disk
     * advertises (optimal transfer and unmap granularity, atomic writes). Constant for the
     * store's life. The default is one logical block.
     */
    default int physicalBlockSize() {
        return blockSize();
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
     * Whether {@link #unmap} releases space (where it can: a store may fall back to zeroing a
     * range whose space it cannot release, as long as the range reads as zeros). Stores that
     * return {@code false} are reported to initiators as fully provisioned and never see
     * {@code unmap}.
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

    /**
     * The size in bytes of the units in which {@link #unmap} releases space, a multiple of
     * {@link #blockSize()}: unmapping part of a unit only zeroes that part. Reported to
     * initiators as the optimal unmap granularity. Meaningful only if {@link #supportsUnmap()};
     * the default is one block.
     */
    default int unmapGranularity() {
        return blockSize();
    }

    /**
     * Whether the block at {@code offset} is allocated (mapped): it holds space in the store. A
     * block that was never written, or whose space an unmap released, is deallocated and reads
     * as zeros; a block an unmap only zeroed (part of a unit, or where the store could not
     * release space) reads as zeros too but may stay allocated. Answers
     * GET LBA STATUS. A store that does not track allocation reports every block allocated,
     * which is the default.
     *
     * @param offset a multiple of {@link #blockSize()} below {@link #size()}
     * @throws IOException if the store cannot tell
     */
    default boolean allocated(long offset) throws IOException {
        return true;
    }

    /**
     * The end of the run of blocks from {@code offset} that all share the allocation state of
     * the block at {@code offset} (see {@link #allocated}): the smallest block-aligned offset
     * in {@code (offset, limit)} where the state changes, or {@code limit} if it does not
     * change before it. The default, for a store that reports every block allocated, is
     * {@code limit}. Like {@link #read}, it may block only if {@link #blocking()} says so.
     *
     * @param offset a multiple of {@link #blockSize()} below {@code limit}
     * @param limit a multiple of {@link #blockSize()}, at most {@link #size()}
     * @throws IOException if the store cannot tell
     */
    default long allocationRunEnd(long offset, long limit) throws IOException {
        return limit;
    }

    /** Releases what the store holds (files, memory). Called once, after the last transfer. */
    @Override
    void close() throws IOException;
}
