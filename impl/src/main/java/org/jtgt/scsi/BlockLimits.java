package org.jtgt.scsi;

import org.jtgt.api.ScsiException;

/**
 * The limits a disk enforces on its commands and reports in the Block Limits VPD page (0xB0,
 * SBC-3), in logical blocks: one place for both, so the page never promises what a
 * command refuses. Immutable.
 *
 * @param maxTransferBlocks the most blocks one READ, WRITE, VERIFY, ORWRITE moves
 * @param maxWriteSameBlocks the most blocks one WRITE SAME writes
 */
record BlockLimits(long maxTransferBlocks, long maxWriteSameBlocks) {

    /** The largest transfer of one command. */
    static final int MAX_TRANSFER_BYTES = 8 * 1024 * 1024;
    /** The most one WRITE SAME writes: ample for zeroing, short enough not to hold a worker long. */
    static final long MAX_WRITE_SAME_BYTES = 64L * 1024 * 1024;

    /** The limits of a disk with the given block size. */
    static BlockLimits of(int blockSize) {
        return new BlockLimits(MAX_TRANSFER_BYTES / blockSize, MAX_WRITE_SAME_BYTES / blockSize);
    }

    /** Fails with INVALID FIELD IN CDB if a command would move more than {@link #maxTransferBlocks}. */
    void checkTransferLength(long blocks) {
        if (blocks > maxTransferBlocks) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB);
        }
    }
}
