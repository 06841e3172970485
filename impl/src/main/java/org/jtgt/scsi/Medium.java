package org.jtgt.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.BackingStore;
import org.jtgt.api.MediumErrorException;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * The medium of a disk: its geometry (logical blocks, and how many of them make one physical
 * block), its write protection, its {@link BlockLimits}, and block-addressed operations on its
 * {@link BackingStore}. Write protection comes from the disk being read-only (configured, set
 * live by management, or a read-only store) and from the SWP mode parameter; the WCE mode
 * parameter decides whether writes are flushed before they complete ({@link #written}).
 * Store failures come out as {@link ScsiException}s with the sense data SBC-3 asks for:
 * UNRECOVERED READ ERROR for reads, WRITE ERROR for writes, with the failing LBA in the
 * INFORMATION field when the store names it.
 *
 * <p>While a sanitize operation owns the medium ({@link SanitizeProgress}), the writes of every
 * other command fail with the sense data the sanitize state gives; the operation itself writes
 * through {@link #fill} and {@link #release}, which do not ask.
 *
 * <p>Operations that compare or combine data-out with the medium stage the medium through a
 * 64 KiB buffer per thread, so they allocate nothing per block. The store operations must be
 * called where the store allows (see {@link StoreRunner}); the checks may be called anywhere.
 * Thread-safe.
 */
final class Medium {

    private static final Logger LOG = LogManager.getLogger(Medium.class);

    private static final int SCRATCH_BYTES = 64 * 1024;
    /** The 4-bit LOGICAL BLOCKS PER PHYSICAL BLOCK EXPONENT of READ CAPACITY(16) says at most 2^15. */
    private static final int MAX_BLOCKS_PER_PHYSICAL_BLOCK = 1 << 15;
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocate(SCRATCH_BYTES));

    private final BackingStore store;
    private final ModeParameters mode;
    private final SanitizeProgress sanitize;
    private final int blockSize;
    private final int physicalBlockExponent;
    private final long blocks;
    private volatile boolean readOnly;
    private final BlockLimits limits;

    /**
     * @param readOnly whether the disk refuses writes; it also does if the store is read-only
     * @param mode the mode parameters that govern write protection and write caching
     * @param sanitize the sanitize state, which refuses other commands' writes while it is not idle
     */
    Medium(BackingStore store, boolean readOnly, ModeParameters mode, SanitizeProgress sanitize) {
        this.store = store;
        this.mode = mode;
        this.sanitize = sanitize;
        this.blockSize = store.blockSize();
        if (blockSize <= 0 || blockSize > SCRATCH_BYTES || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException(store + ": block size " + blockSize + " is not a power of two up to " + SCRATCH_BYTES);
        }
        int physical = store.physicalBlockSize();
        if (physical < blockSize || physical % blockSize != 0 || Integer.bitCount(physical / blockSize) != 1
                || physical / blockSize > MAX_BLOCKS_PER_PHYSICAL_BLOCK || physical > BlockLimits.MAX_TRANSFER_BYTES) {
            throw new IllegalArgumentException(store + ": physical block size " + physical + " is not " + blockSize + " times a power of two up to "
                    + MAX_BLOCKS_PER_PHYSICAL_BLOCK + " and at most " + BlockLimits.MAX_TRANSFER_BYTES + " bytes");
        }
        this.physicalBlockExponent = Integer.numberOfTrailingZeros(physical / blockSize);
        this.blocks = store.size() / blockSize;
        this.readOnly = readOnly || store.readOnly();
        this.limits = BlockLimits.of(blockSize, physical, store.supportsUnmap(), store.unmapGranularity());
    }

    int blockSize() {
        return blockSize;
    }

    /** Log2 of the logical blocks per physical block: 0 when they are the same. */
    int physicalBlockExponent() {
        return physicalBlockExponent;
    }

    /** The number of logical blocks. */
    long blocks() {
        return blocks;
    }

    boolean readOnly() {
        return readOnly;
    }

    /**
     * Makes the disk read-only or writable, live; whether that changed anything.
     *
     * @throws IllegalStateException to make a disk over a read-only store writable
     */
    synchronized boolean setReadOnly(boolean value) {
        if (!value && store.readOnly()) {
            throw new IllegalStateException(store + " is read-only");
        }
        boolean changed = readOnly != value;
        readOnly = value;
        return changed;
    }

    /** Whether writes are refused: the disk is read-only or software write-protected (SWP). */
    boolean writeProtected() {
        return readOnly || mode.current().softwareWriteProtect();
    }

    /**
     * Whether the disk is thin provisioned: the store releases space on unmap, and unmapped
     * blocks read as zeros (the {@link BackingStore#unmap} contract).
     */
    boolean thin() {
        return store.supportsUnmap();
    }

    BlockLimits limits() {
        return limits;
    }

    // ---- checks

    /** Fails with LOGICAL BLOCK ADDRESS OUT OF RANGE unless the command's range lies on the medium. */
    void checkRange(BlockCdb b) {
        if (!b.within(blocks)) {
            throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
        }
    }

    /**
     * Checks a command that transfers the blocks of its range: it asks for no protection
     * information, its range lies on the medium, and it moves no more than the maximum transfer.
     */
    void checkTransfer(BlockCdb b) {
        checkTransfer(b.lba(), b.blocks(), b.flags());
    }

    /** {@link #checkTransfer(BlockCdb)} for the fields of a CDB, without a record. */
    void checkTransfer(long lba, long count, int flags) {
        BlockCdb.checkNoProtection(flags);
        if (!BlockCdb.within(lba, count, blocks)) {
            throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
        }
        limits.checkTransferLength(count);
    }

    /**
     * Fails with WRITE PROTECTED if the disk is read-only, with LOGICAL UNIT SOFTWARE WRITE
     * PROTECTED if SWP is set.
     */
    void checkWritable() {
        if (readOnly) {
            throw new ScsiException(SenseCodes.WRITE_PROTECTED);
        }
        if (mode.current().softwareWriteProtect()) {
            throw new ScsiException(SenseCodes.SOFTWARE_WRITE_PROTECTED);
        }
    }

    /**
     * The data-out of a command that transfers {@code count} blocks, as many whole blocks of it
     * as the initiator sent; part of a block is INVALID FIELD IN INFORMATION UNIT.
     */
    ByteBuffer blocksOut(ScsiCommand command, long count) {
        ByteBuffer data = command.dataOut(Math.toIntExact(count * blockSize));
        if (data.remaining() % blockSize != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_INFORMATION_UNIT);
        }
        return data;
    }

    /**
     * All {@code length} bytes of a command's data-out, for a command whose meaning depends on
     * the initiator sending exactly that (the one block of WRITE SAME, the two halves of
     * COMPARE AND WRITE, the blocks of an atomic write): fewer bytes, or an initiator that
     * expected to send more, is INVALID FIELD IN INFORMATION UNIT.
     */
    ByteBuffer dataOutExactly(ScsiCommand command, int length) {
        ByteBuffer data = command.dataOut(length);
        if (data.remaining() != length || command.expectedTransferLength() > length) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_INFORMATION_UNIT);
        }
        return data;
    }

    // ---- store operations

    /** Reads {@code dst.remaining()} bytes at {@code lba}. */
    void read(long lba, ByteBuffer dst) {
        readAt(lba * blockSize, dst);
    }

    /** Writes {@code src.remaining()} bytes, whole blocks, at {@code lba}. */
    void write(long lba, ByteBuffer src) {
        sanitize.check();
        writeAt(lba * blockSize, src);
    }

    /**
     * After a write: makes it durable before the command completes if the command asked for it
     * ({@code fua}) or the write cache is disabled (WCE 0).
     */
    void written(boolean fua) {
        if (fua || !mode.current().writeCache()) {
            flush();
        }
    }

    void flush() {
        try {
            store.flush();
        } catch (IOException e) {
            throw failure(SenseCodes.WRITE_ERROR, e);
        }
    }

    /** Unmaps {@code count} blocks at {@code lba}; only if {@link #thin()}. */
    void unmap(long lba, long count) {
        sanitize.check();
        release(lba, count);
    }

    /** {@link #unmap} for the sanitize operation, which owns the medium. */
    void release(long lba, long count) {
        try {
            store.unmap(lba * blockSize, count * blockSize);
        } catch (IOException e) {
            throw failure(SenseCodes.WRITE_ERROR, e);
        }
    }

    /**
     * Compares {@code expected} (from its position to its limit) with the medium from
     * {@code lba}, leaving the buffer untouched.
     *
     * @return the index in {@code expected}, from its position, of the first byte that differs,
     *         or -1 if none does
     */
    int compare(long lba, ByteBuffer expected) {
        ByteBuffer scratch = SCRATCH.get();
        ByteBuffer want = expected.duplicate();
        int start = expected.position();
        for (int at = start; at < expected.limit();) {
            int n = Math.min(SCRATCH_BYTES, expected.limit() - at);
            scratch.clear().limit(n);
            readAt(lba * blockSize + (at - start), scratch);
            want.limit(at + n).position(at);
            int differs = scratch.flip().mismatch(want);
            if (differs >= 0) {
                return at - start + differs;
            }
            at += n;
        }
        return -1;
    }

    /** ORs {@code data}, whole blocks from its position to its limit, into the medium at {@code lba}. */
    void or(long lba, ByteBuffer data) {
        sanitize.check();
        ByteBuffer scratch = SCRATCH.get();
        long offset = lba * blockSize;
        for (int at = data.position(); at < data.limit();) {
            int n = Math.min(SCRATCH_BYTES, data.limit() - at);
            scratch.clear().limit(n);
            readAt(offset, scratch);
            for (int i = 0; i < n; i += Long.BYTES) {      // n is whole blocks, a multiple of 8
                scratch.putLong(i, scratch.getLong(i) | data.getLong(at + i));
            }
            writeAt(offset, scratch.flip());
            offset += n;
            at += n;
        }
        data.position(data.limit());
    }

    /** Writes the block at {@code block}'s position to each of {@code count} blocks at {@code lba}. */
    void writeSame(long lba, long count, ByteBuffer block) {
        sanitize.check();
        fill(lba, count, block);
    }

    /** {@link #writeSame} for the sanitize operation, which owns the medium. */
    void fill(long lba, long count, ByteBuffer block) {
        ByteBuffer scratch = SCRATCH.get().clear();
        int perWrite = (int) Math.min(SCRATCH_BYTES / blockSize, count);
        for (int i = 0; i < perWrite; i++) {
            scratch.put(i * blockSize, block, block.position(), blockSize);
        }
        long offset = lba * blockSize;
        for (long left = count; left > 0;) {
            int n = (int) Math.min(perWrite, left);
            writeAt(offset, scratch.limit(n * blockSize).position(0));
            offset += (long) n * blockSize;
            left -= n;
        }
    }

    /** Whether the block at {@code lba} is allocated (mapped). */
    boolean allocated(long lba) {
        try {
            return store.allocated(lba * blockSize);
        } catch (IOException e) {
            throw failure(SenseCodes.UNRECOVERED_READ_ERROR, e);
        }
    }

    /** The end of the run of blocks from {@code lba} that share its allocation state, at most {@code limit}. */
    long allocationRunEnd(long lba, long limit) {
        long end;
        try {
            end = store.allocationRunEnd(lba * blockSize, limit * blockSize);
        } catch (IOException e) {
            throw failure(SenseCodes.UNRECOVERED_READ_ERROR, e);
        }
        if (end <= lba * blockSize || end > limit * blockSize || end % blockSize != 0) {
            throw new IllegalStateException(store + " answered allocation run end " + end + " for " + lba * blockSize + ".." + limit * blockSize);
        }
        return end / blockSize;
    }

    private void readAt(long offset, ByteBuffer dst) {
        try {
            store.read(offset, dst);
        } catch (IOException e) {
            throw failure(SenseCodes.UNRECOVERED_READ_ERROR, e);
        }
    }

    private void writeAt(long offset, ByteBuffer src) {
        try {
            store.write(offset, src);
        } catch (IOException e) {
            throw failure(SenseCodes.WRITE_ERROR, e);
        }
    }

    /** The exception for a failed store call: the failing LBA if the store named it. */
    private ScsiException failure(SenseData sense, IOException e) {
        if (e instanceof MediumErrorException) {
            return new ScsiException(sense.withInformation(((MediumErrorException) e).offset() / blockSize));
        }
        LOG.warn("{}: store I/O failed: {}", store, e.toString());
        return new ScsiException(sense);
    }

    @Override
    public String toString() {
        return "medium of " + blocks + " blocks of " + blockSize + " bytes over " + store;
    }
}
