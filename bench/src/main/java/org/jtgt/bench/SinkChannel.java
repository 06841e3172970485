package org.jtgt.bench;

import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.testing.InlineChannel;

/**
 * The transport of a benchmarked connection, without a socket: a PDU sent is sealed as the
 * real transport seals it, "written" at once (every buffer consumed, as a gathering write
 * leaves it) and finished the way the transport finishes it: its completion runs, then it is
 * recycled. It remembers what a benchmark
 * needs to drive the next PDU (the last R2T's tag) and to check the run (status of the last
 * response, count of bad ones). Single-threaded: everything runs on the benchmark thread,
 * which plays the connection's owning I/O worker.
 */
final class SinkChannel extends InlineChannel {

    private final PduEncoder encoder = new PduEncoder();
    private PduDecoder decoder;

    long pdus;
    long bytes;
    /** Responses (SCSI Response, Data-In with status) whose status was not GOOD. */
    long badStatus;
    int lastOpcode = -1;
    int lastStatus = -1;
    int lastR2tTag = Bhs.RESERVED_TAG;
    int lastR2tOffset;
    int lastR2tLength;

    /** The decoder the connection's codec settings apply to, on the receiving side. */
    void decoder(PduDecoder decoder) {
        this.decoder = decoder;
    }

    @Override
    public void send(OutboundPdu pdu) {
        encoder.seal(pdu);
        pdus++;
        int opcode = pdu.opcode();
        lastOpcode = opcode;
        if (opcode == Opcode.R2T) {
            lastR2tTag = Bhs.u32(pdu.header(), Bhs.TARGET_TRANSFER_TAG);
            lastR2tOffset = Bhs.u32(pdu.header(), Bhs.BUFFER_OFFSET);
            lastR2tLength = Bhs.u32(pdu.header(), Bhs.DESIRED_DATA_TRANSFER_LENGTH);
        } else if (opcode == Opcode.SCSI_RESPONSE
                || opcode == Opcode.DATA_IN && Bhs.hasFlag(pdu.header(), Bhs.FLAG_STATUS)) {
            lastStatus = Bhs.u8(pdu.header(), 3);
            if (lastStatus != 0 || opcode == Opcode.SCSI_RESPONSE && Bhs.u8(pdu.header(), 2) != 0) {
                badStatus++;
            }
        }
        bytes += pdu.remaining();
        pdu.header().position(pdu.header().limit());
        pdu.data().position(pdu.data().limit());
        pdu.trailer().position(pdu.trailer().limit());
        Runnable done = pdu.whenDone();
        if (done != null) {
            done.run();
        }
        pdu.recycle();
    }

    @Override
    public void configure(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength) {
        encoder.setHeaderDigest(headerDigest);
        encoder.setDataDigest(dataDigest);
        decoder.setHeaderDigest(headerDigest);
        decoder.setDataDigest(dataDigest);
        decoder.setMaxDataSegmentLength(maxRecvDataSegmentLength);
    }
}
