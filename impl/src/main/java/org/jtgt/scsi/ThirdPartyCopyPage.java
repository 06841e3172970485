package org.jtgt.scsi;

import java.nio.ByteBuffer;

/**
 * The Third-party Copy VPD page (0x8F, SPC-4) of a disk whose copy manager supports
 * EXTENDED COPY(LID1): the third-party copy descriptors SPC-4 asks for with it, each padded to
 * a multiple of four bytes:
 * <ul>
 * <li>Supported Commands (0001h): EXTENDED COPY(LID1), and RECEIVE COPY RESULTS with COPY
 *     STATUS, OPERATING PARAMETERS and FAILED SEGMENT DETAILS;</li>
 * <li>Parameter Data (0004h) and General Copy Operations (8001h): the {@link CopyLimits}, the
 *     same values RECEIVE COPY RESULTS, OPERATING PARAMETERS returns;</li>
 * <li>Supported Descriptors (0008h): the implemented descriptor type codes;</li>
 * <li>Supported CSCD Descriptor IDs (000Ch): none beyond the indexes 0000h to 07FFh.</li>
 * </ul>
 * Stateless; thread-safe.
 */
final class ThirdPartyCopyPage {

    /** The third-party copy commands, each as opcode then its service actions. */
    static final int[][] COMMANDS = {
        {Opcodes.EXTENDED_COPY, Opcodes.SA_EXTENDED_COPY_LID1},
        {Opcodes.RECEIVE_COPY_RESULTS, Opcodes.SA_COPY_STATUS, Opcodes.SA_OPERATING_PARAMETERS, Opcodes.SA_FAILED_SEGMENT_DETAILS}};

    static final int PAGE_CODE = 0x8F;

    private ThirdPartyCopyPage() {
    }

    /** The whole page: header and descriptors. */
    static byte[] of(CopyLimits limits) {
        ByteBuffer b = ByteBuffer.allocate(256);
        b.put(1, (byte) PAGE_CODE).position(4);

        int start = begin(b, 0x0001);
        int listAt = b.position();
        b.put((byte) 0);
        for (int[] command : COMMANDS) {
            b.put((byte) command[0]).put((byte) (command.length - 1));
            for (int i = 1; i < command.length; i++) {
                b.put((byte) command[i]);
            }
        }
        b.put(listAt, (byte) (b.position() - listAt - 1));   // COMMANDS SUPPORTED LIST LENGTH
        end(b, start);

        start = begin(b, 0x0004);
        b.putInt(0);
        b.putShort((short) limits.maxCscdDescriptors());
        b.putShort((short) limits.maxSegmentDescriptors());
        b.putInt(limits.maxDescriptorListLength());
        b.putInt(0);                                        // MAXIMUM INLINE DATA LENGTH
        b.position(start + 32);
        end(b, start);

        start = begin(b, 0x0008);
        b.put((byte) CopyLimits.IMPLEMENTED_DESCRIPTORS.length).put(CopyLimits.IMPLEMENTED_DESCRIPTORS);
        end(b, start);

        start = begin(b, 0x000C);
        b.putShort((short) 0);                              // SUPPORTED CSCD DESCRIPTOR IDS LIST LENGTH
        end(b, start);

        start = begin(b, 0x8001);
        b.putInt(CopyLimits.MAX_CONCURRENT_COPIES);         // TOTAL CONCURRENT COPIES
        b.putInt(CopyLimits.MAX_CONCURRENT_COPIES);         // MAXIMUM IDENTIFIED CONCURRENT COPIES
        b.putInt(limits.maxSegmentBytes());
        b.put((byte) limits.dataSegmentGranularityExponent());
        b.put((byte) 0);                                    // INLINE DATA GRANULARITY: none supported
        b.position(start + 36);
        end(b, start);

        b.putShort(2, (short) (b.position() - 4));          // PAGE LENGTH
        byte[] page = new byte[b.position()];
        b.get(0, page);
        return page;
    }

    /** Starts a descriptor of type {@code type}; returns where it starts. */
    private static int begin(ByteBuffer b, int type) {
        int start = b.position();
        b.putShort((short) type).putShort((short) 0);
        return start;
    }

    /** Pads the descriptor that starts at {@code start} to a multiple of four and sets its DESCRIPTOR LENGTH. */
    private static void end(ByteBuffer b, int start) {
        b.position(start + ((b.position() - start + 3) & ~3));
        b.putShort(start + 2, (short) (b.position() - start - 4));
    }
}
