package org.jtgt.scsi;

/**
 * What the copy manager of a disk accepts in an EXTENDED COPY(LID1) parameter list (SPC-4):
 * one place for the checks of {@link CopyParameterList} and for what RECEIVE COPY OPERATING
 * PARAMETERS and the Third-party Copy VPD page report, so the two cannot disagree. Immutable.
 *
 * <p>The only descriptors implemented are the identification descriptor CSCD descriptor (E4h),
 * which must name this logical unit, and the block device to block device segment descriptor
 * (02h). A segment moves at most {@link BlockLimits#MAX_TRANSFER_BYTES}, and a list holds one
 * segment: like any other command, one EXTENDED COPY makes a memory-speed store do no more
 * work on an I/O worker than the largest transfer. No inline or held data.
 *
 * @param maxCscdDescriptors the most CSCD (target) descriptors of one list
 * @param maxSegmentDescriptors the most segment descriptors of one list
 * @param maxDescriptorListLength the most bytes of CSCD and segment descriptors together
 * @param maxSegmentBytes the most bytes one segment copies
 * @param blockSize the disk's logical block size: the granularity of every segment
 */
record CopyLimits(int maxCscdDescriptors, int maxSegmentDescriptors, int maxDescriptorListLength, int maxSegmentBytes, int blockSize) {

    /** The parameter list header. */
    static final int HEADER_LENGTH = 16;
    /** The length of an identification descriptor CSCD descriptor (and of most others). */
    static final int CSCD_DESCRIPTOR_LENGTH = 32;
    /** The length of a block device to block device segment descriptor. */
    static final int BLOCK_SEGMENT_LENGTH = 28;
    static final int BLOCK_TO_BLOCK = 0x02;
    static final int IDENTIFICATION_CSCD = 0xE4;
    /** The implemented descriptor type codes, ascending. */
    static final byte[] IMPLEMENTED_DESCRIPTORS = {BLOCK_TO_BLOCK, (byte) IDENTIFICATION_CSCD};
    /**
     * EXTENDED COPY commands, with or without a list identifier, that may run at once. Nothing
     * limits concurrent copies but the store executor, so this is the most the one-byte field
     * can say.
     */
    static final int MAX_CONCURRENT_COPIES = 255;

    static CopyLimits of(int blockSize) {
        return new CopyLimits(4, 1, 1024, BlockLimits.MAX_TRANSFER_BYTES, blockSize);
    }

    /** The most blocks one segment copies. */
    int maxSegmentBlocks() {
        return maxSegmentBytes / blockSize;
    }

    /** Log2 of the block size: every segment copies whole blocks. */
    int dataSegmentGranularityExponent() {
        return Integer.numberOfTrailingZeros(blockSize);
    }
}
