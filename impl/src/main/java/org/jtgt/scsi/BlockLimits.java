package org.jtgt.scsi;

import org.jtgt.api.ScsiException;

/**
 * The limits a disk enforces on its commands and reports in the Block Limits VPD page (0xB0,
 * SBC-3), in logical blocks: one place for both, so the page never promises what a
 * command refuses. Immutable.
 *
 * @param maxTransferBlocks the most blocks one READ, WRITE, VERIFY, ORWRITE moves
 * @param maxWriteSameBlocks the most blocks one WRITE SAME writes or unmaps
 * @param maxCompareAndWriteBlocks the most blocks one COMPARE AND WRITE compares and writes
 * @param maxUnmapBlocks the most blocks one UNMAP releases, over all its descriptors; 0 if the
 *        disk is not thin provisioned
 * @param maxUnmapDescriptors the most block descriptors of one UNMAP; 0 if not thin provisioned
 * @param unmapGranularityBlocks the optimal unmap granularity: the store's unmap unit, at least
 *        a physical block; 0 if not thin provisioned
 * @param blocksPerPhysicalBlock the logical blocks in one physical block, a power of two: the
 *        optimal transfer length granularity
 * @param maxAtomicTransferBlocks the most blocks one WRITE ATOMIC writes
 * @param atomicAlignmentBlocks the LBA of a WRITE ATOMIC must be a multiple of this; 0 for no
 *        requirement
 * @param atomicGranularityBlocks the length of a WRITE ATOMIC must be a multiple of this; 0 for
 *        no requirement
 */
record BlockLimits(long maxTransferBlocks, long maxWriteSameBlocks, int maxCompareAndWriteBlocks, long maxUnmapBlocks, int maxUnmapDescriptors,
        long unmapGranularityBlocks, int blocksPerPhysicalBlock, long maxAtomicTransferBlocks, int atomicAlignmentBlocks,
        int atomicGranularityBlocks) {

    /**
     * The largest transfer of one command, and the most one WRITE SAME writes: no command
     * makes a memory-speed store do more work on an I/O worker than the largest transfer.
     */
    static final int MAX_TRANSFER_BYTES = 8 * 1024 * 1024;

    /** The most the one-byte NUMBER OF LOGICAL BLOCKS can say: every length is supported. */
    static final int MAX_COMPARE_AND_WRITE_BLOCKS = 255;
    /** 1 Mi blocks: the most initiators expect; an UNMAP of the whole medium takes a few commands. */
    static final long MAX_UNMAP_BLOCKS = 1L << 20;
    static final int MAX_UNMAP_DESCRIPTORS = 256;

    /**
     * The limits of a disk with the given logical and physical block sizes (powers of two, the
     * physical one at most {@link #MAX_TRANSFER_BYTES}); if it is thin provisioned, its store
     * releases space in units of {@code unmapGranularityBytes}.
     *
     * <p>An atomic write may be as long as any write. Its atomicity against other commands
     * comes from the range lock and needs no alignment; but where a physical block holds
     * several logical ones, an atomic write must cover whole physical blocks, so that no
     * write of part of a physical block is ever needed to carry it out.
     */
    static BlockLimits of(int blockSize, int physicalBlockSize, boolean thin, int unmapGranularityBytes) {
        int perPhysical = physicalBlockSize / blockSize;
        int atomicUnit = perPhysical > 1 ? perPhysical : 0;
        return new BlockLimits(MAX_TRANSFER_BYTES / blockSize, MAX_TRANSFER_BYTES / blockSize, MAX_COMPARE_AND_WRITE_BLOCKS, thin ? MAX_UNMAP_BLOCKS : 0,
                thin ? MAX_UNMAP_DESCRIPTORS : 0, thin ? Math.max(unmapGranularityBytes, physicalBlockSize) / blockSize : 0,
                perPhysical, MAX_TRANSFER_BYTES / blockSize, atomicUnit, atomicUnit);
    }

    /**
     * Fails with INVALID FIELD IN CDB unless a WRITE ATOMIC(16) of {@code blocks} blocks at
     * {@code lba} fits these limits: at most {@link #maxAtomicTransferBlocks}, the length a
     * multiple of the granularity (pointing at TRANSFER LENGTH, byte 12) and the LBA a
     * multiple of the alignment (pointing at the LBA, byte 2).
     */
    void checkAtomicWrite(long lba, long blocks) {
        if (blocks > maxAtomicTransferBlocks || atomicGranularityBlocks > 1 && blocks % atomicGranularityBlocks != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 12, -1));
        }
        if (atomicAlignmentBlocks > 1 && Long.remainderUnsigned(lba, atomicAlignmentBlocks) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
        }
    }

    /** Fails with INVALID FIELD IN CDB if a command would move more than {@link #maxTransferBlocks}. */
    void checkTransferLength(long blocks) {
        if (blocks > maxTransferBlocks) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB);
        }
    }
}
