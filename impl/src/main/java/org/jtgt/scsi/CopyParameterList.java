package org.jtgt.scsi;

import static org.jtgt.scsi.CopyLimits.BLOCK_SEGMENT_LENGTH;
import static org.jtgt.scsi.CopyLimits.BLOCK_TO_BLOCK;
import static org.jtgt.scsi.CopyLimits.CSCD_DESCRIPTOR_LENGTH;
import static org.jtgt.scsi.CopyLimits.HEADER_LENGTH;
import static org.jtgt.scsi.CopyLimits.IDENTIFICATION_CSCD;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * The parameter list of an EXTENDED COPY(LID1) command (SPC-4), parsed and checked against
 * {@link CopyLimits}: its header, its CSCD descriptors and its segment descriptors. Only the
 * form is checked here; whether the descriptors name reachable copy targets and ranges is the
 * copy's business ({@link ExtendedCopy}). Immutable.
 *
 * <p>{@link #parse} checks, in this order, failing with ILLEGAL REQUEST and:
 * <ul>
 * <li>PARAMETER LIST LENGTH ERROR: a list shorter than its header, or than the descriptors and
 *     inline data its header announces, or descriptors longer than the maximum descriptor list
 *     length;</li>
 * <li>INVALID FIELD IN PARAMETER LIST: LIST ID USAGE 01b (reserved), or 11b (no list
 *     identifier) with a list identifier other than zero;</li>
 * <li>INLINE DATA LENGTH EXCEEDED: any inline data;</li>
 * <li>TOO MANY TARGET DESCRIPTORS, UNSUPPORTED TARGET DESCRIPTOR TYPE CODE: more CSCD
 *     descriptors than allowed, or one that is not an identification descriptor (E4h); then
 *     INVALID FIELD IN PARAMETER LIST for a designator longer than its 20-byte field, or a list
 *     length that does not end on a descriptor;</li>
 * <li>TOO MANY SEGMENT DESCRIPTORS, UNSUPPORTED SEGMENT DESCRIPTOR TYPE CODE: more segment
 *     descriptors than allowed, or one that is not block device to block device (02h); then
 *     INVALID FIELD IN PARAMETER LIST for a wrong DESCRIPTOR LENGTH, a descriptor that overruns
 *     the segment descriptor list, or more blocks than a segment may copy.</li>
 * </ul>
 * Field pointers name the offending byte of the parameter list. The PRIORITY and STR fields
 * are hints and ignored; so are the obsolete LU ID TYPE and NUL fields of a CSCD descriptor.
 *
 * @param listId the LIST IDENTIFIER
 * @param listIdUsage the LIST ID USAGE: {@link #HOLD}, {@link #DISCARD} or {@link #NO_LIST_ID}
 * @param cscds the CSCD descriptors, 32 bytes each, read-only, in list order (a segment names
 *        one by its index here)
 * @param segments the segment descriptors, in list order
 */
record CopyParameterList(int listId, int listIdUsage, List<ByteBuffer> cscds, List<BlockSegment> segments) {

    /** LIST ID USAGE 00b: the list identifier is valid; hold the results for RECEIVE COPY RESULTS. */
    static final int HOLD = 0;
    /** LIST ID USAGE 10b: the list identifier is valid; hold no results. */
    static final int DISCARD = 2;
    /** LIST ID USAGE 11b: no list identifier. */
    static final int NO_LIST_ID = 3;

    private static final int MAX_DESIGNATOR_LENGTH = 20;

    /**
     * A block device to block device segment descriptor.
     *
     * @param offset where it starts in the parameter list
     * @param source the index of the CSCD descriptor of the copy source
     * @param destination the index of the CSCD descriptor of the copy destination
     * @param blocks the number of blocks to copy
     * @param sourceLba the first block read (unsigned)
     * @param destinationLba the first block written (unsigned)
     */
    record BlockSegment(int offset, int source, int destination, int blocks, long sourceLba, long destinationLba) {
    }

    /**
     * Parses a parameter list: {@code list} holds what the initiator sent, from position zero.
     *
     * @throws ScsiException with the sense data listed above
     */
    static CopyParameterList parse(ByteBuffer list, CopyLimits limits) {
        if (list.remaining() < HEADER_LENGTH) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        int listId = Cdbs.u8(list, 0);
        int usage = (Cdbs.u8(list, 1) >>> 3) & 0x03;
        int cscdLength = Cdbs.u16(list, 2);
        long segmentLength = Cdbs.u32(list, 8);
        long inlineLength = Cdbs.u32(list, 12);
        if (cscdLength + segmentLength > limits.maxDescriptorListLength()
                || HEADER_LENGTH + cscdLength + segmentLength + inlineLength > list.remaining()) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        if (usage == 1) {
            throw new ScsiException(invalidField(1, 4));
        }
        if (usage == NO_LIST_ID && listId != 0) {
            throw new ScsiException(invalidField(0, -1));
        }
        if (inlineLength != 0) {
            throw new ScsiException(SenseCodes.INLINE_DATA_LENGTH_EXCEEDED.withFieldPointer(false, 12, -1));
        }
        List<ByteBuffer> cscds = cscds(list, cscdLength, limits);
        List<BlockSegment> segments = segments(list, HEADER_LENGTH + cscdLength, (int) segmentLength, limits);
        return new CopyParameterList(listId, usage, List.copyOf(cscds), List.copyOf(segments));
    }

    private static List<ByteBuffer> cscds(ByteBuffer list, int length, CopyLimits limits) {
        List<ByteBuffer> cscds = new ArrayList<>();
        for (int at = HEADER_LENGTH; at < HEADER_LENGTH + length; at += CSCD_DESCRIPTOR_LENGTH) {
            if (cscds.size() == limits.maxCscdDescriptors()) {
                throw new ScsiException(SenseCodes.TOO_MANY_TARGET_DESCRIPTORS.withFieldPointer(false, at, -1));
            }
            if (Cdbs.u8(list, at) != IDENTIFICATION_CSCD) {
                throw new ScsiException(SenseCodes.UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE.withFieldPointer(false, at, -1));
            }
            if (at + CSCD_DESCRIPTOR_LENGTH > HEADER_LENGTH + length) {
                throw new ScsiException(invalidField(2, -1));
            }
            if (Cdbs.u8(list, at + 7) > MAX_DESIGNATOR_LENGTH) {
                throw new ScsiException(invalidField(at + 7, -1));
            }
            cscds.add(list.slice(at, CSCD_DESCRIPTOR_LENGTH).asReadOnlyBuffer());
        }
        return cscds;
    }

    private static List<BlockSegment> segments(ByteBuffer list, int start, int length, CopyLimits limits) {
        List<BlockSegment> segments = new ArrayList<>();
        int end = start + length;
        for (int at = start; at < end;) {
            if (segments.size() == limits.maxSegmentDescriptors()) {
                throw new ScsiException(SenseCodes.TOO_MANY_SEGMENT_DESCRIPTORS.withFieldPointer(false, at, -1));
            }
            if (Cdbs.u8(list, at) != BLOCK_TO_BLOCK) {
                throw new ScsiException(SenseCodes.UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE.withFieldPointer(false, at, -1));
            }
            if (at + 4 > end || Cdbs.u16(list, at + 2) != BLOCK_SEGMENT_LENGTH - 4) {
                throw new ScsiException(invalidField(at + 2, -1));
            }
            if (at + BLOCK_SEGMENT_LENGTH > end) {
                throw new ScsiException(invalidField(8, -1));
            }
            int blocks = Cdbs.u16(list, at + 10);
            if (blocks > limits.maxSegmentBlocks()) {
                throw new ScsiException(invalidField(at + 10, -1));
            }
            segments.add(new BlockSegment(at, Cdbs.u16(list, at + 4), Cdbs.u16(list, at + 6), blocks, Cdbs.u64(list, at + 12),
                    Cdbs.u64(list, at + 20)));
            at += BLOCK_SEGMENT_LENGTH;
        }
        return segments;
    }

    private static SenseData invalidField(int at, int bit) {
        return SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, at, bit);
    }
}
