package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiStatus;

/**
 * RECEIVE COPY RESULTS (SPC-4), the LID1 service actions the disk's copy manager supports:
 * <ul>
 * <li>COPY STATUS: the state of the copy with a list identifier on this I_T nexus (running or
 *     ended), segments processed and blocks written (TRANSFER COUNT UNITS F1h: destination
 *     blocks);</li>
 * <li>OPERATING PARAMETERS: the {@link CopyLimits};</li>
 * <li>FAILED SEGMENT DETAILS: the status and sense data of a copy that ended with an error,
 *     none (AVAILABLE DATA 0) for one that did not.</li>
 * </ul>
 * A list identifier with nothing held for it on the nexus is INVALID FIELD IN CDB pointing at
 * LIST IDENTIFIER, as is FAILED SEGMENT DETAILS of a copy still running ({@link CopyOperations}
 * says when held results go). RECEIVE DATA is not supported: no segment descriptor this copy
 * manager implements holds data. Sense data is returned in fixed format.
 *
 * <p>Stateless itself; thread-safe.
 */
final class ReceiveCopyResults {

    private static final int TRANSFER_COUNT_IN_BLOCKS = 0xF1;
    private static final int COPY_STATUS_LENGTH = 12;
    private static final int OPERATING_PARAMETERS_LENGTH = 44;
    private static final int FAILED_SEGMENT_HEADER = 60;

    private final CopyLimits limits;
    private final CopyOperations operations;

    ReceiveCopyResults(CopyLimits limits, CopyOperations operations) {
        this.limits = limits;
        this.operations = operations;
    }

    void copyStatus(ScsiCommand command, ByteBuffer cdb) {
        CopyOperations.Status s = operations.status(command.nexus(), Cdbs.u8(cdb, 2));
        ByteBuffer data = ByteBuffer.allocate(COPY_STATUS_LENGTH);
        data.putInt(COPY_STATUS_LENGTH - 4);                // AVAILABLE DATA
        data.put((byte) s.copyStatus());                    // HDD 0: no held data to discard
        data.putShort((short) s.segmentsProcessed());
        data.put((byte) TRANSFER_COUNT_IN_BLOCKS);
        data.putInt((int) s.blocksWritten());
        send(command, cdb, data);
    }

    void operatingParameters(ScsiCommand command, ByteBuffer cdb) {
        byte[] codes = CopyLimits.IMPLEMENTED_DESCRIPTORS;
        ByteBuffer data = ByteBuffer.allocate(OPERATING_PARAMETERS_LENGTH + codes.length);
        data.putInt(data.capacity() - 4);                   // AVAILABLE DATA
        data.put((byte) 0x01);                              // SNLID: LIST ID USAGE 11b is supported
        data.position(8);
        data.putShort((short) limits.maxCscdDescriptors());
        data.putShort((short) limits.maxSegmentDescriptors());
        data.putInt(limits.maxDescriptorListLength());
        data.putInt(limits.maxSegmentBytes());
        data.putInt(0);                                     // MAXIMUM INLINE DATA LENGTH
        data.putInt(0);                                     // HELD DATA LIMIT
        data.putInt(0);                                     // MAXIMUM STREAM DEVICE TRANSFER SIZE
        data.position(34);
        data.putShort((short) CopyLimits.MAX_CONCURRENT_COPIES);   // TOTAL CONCURRENT COPIES
        data.put((byte) CopyLimits.MAX_CONCURRENT_COPIES);         // MAXIMUM CONCURRENT COPIES
        data.put((byte) limits.dataSegmentGranularityExponent());
        data.put((byte) 0);                                 // INLINE DATA GRANULARITY: none supported
        data.put((byte) 0);                                 // HELD DATA GRANULARITY: none held
        data.position(43);
        data.put((byte) codes.length);
        data.put(codes);
        send(command, cdb, data);
    }

    void failedSegmentDetails(ScsiCommand command, ByteBuffer cdb) {
        int listId = Cdbs.u8(cdb, 2);
        CopyOperations.Outcome outcome = operations.outcome(command.nexus(), listId);
        ByteBuffer data;
        if (outcome.status() == ScsiStatus.GOOD) {
            data = ByteBuffer.allocate(4).putInt(0);        // AVAILABLE DATA: no failed segment
        } else {
            byte[] sense = outcome.sense() == null ? new byte[0] : outcome.sense().toFixedFormat();
            data = ByteBuffer.allocate(FAILED_SEGMENT_HEADER + sense.length);
            data.putInt(data.capacity() - 4);               // AVAILABLE DATA
            data.position(56);
            data.put((byte) outcome.status().code());       // EXTENDED COPY COMMAND STATUS
            data.put((byte) 0);
            data.putShort((short) sense.length);
            data.put(sense);
        }
        long allocation = Cdbs.u32(cdb, 10);
        if (allocation == 0 || allocation >= data.position()) {
            operations.delivered(command.nexus(), listId, outcome);
        }
        send(command, cdb, data);
    }

    /** Sends as much of {@code data} (filled from 0 to its position) as the allocation length allows. */
    private static void send(ScsiCommand command, ByteBuffer cdb, ByteBuffer data) {
        data.flip();
        ByteBuffer out = command.dataIn((int) Math.min(Cdbs.u32(cdb, 10), data.remaining()));
        out.put(data.limit(out.limit()));
        command.complete();
    }
}
