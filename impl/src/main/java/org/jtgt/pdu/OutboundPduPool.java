package org.jtgt.pdu;

import org.jtgt.pdu.OutboundPdu.StatSn;

/**
 * Reusable {@link OutboundPdu}s for one connection, so that the PDUs every command sends
 * (Data-In, R2T, SCSI Response) are not allocated per command. A PDU taken here returns when
 * the transport {@linkplain OutboundPdu#recycle() recycles} it; the pool keeps at most its
 * capacity of idle PDUs and leaves the rest to the garbage collector.
 *
 * <p>Not thread-safe: it belongs to one connection and is used only by the thread that owns the
 * connection (the one that sends and the one that writes are the same I/O worker). When the
 * connection moves to another worker, the pool moves with it.
 */
public final class OutboundPduPool {

    private final OutboundPdu[] idle;
    private int count;

    /** @param capacity how many idle PDUs are kept */
    public OutboundPduPool(int capacity) {
        this.idle = new OutboundPdu[capacity];
    }

    /** A PDU with the given opcode and byte-1 flags, every other header field zero, no data. */
    public OutboundPdu take(int opcode, int flags, StatSn statSn) {
        OutboundPdu pdu;
        if (count > 0) {
            pdu = idle[--count];
            idle[count] = null;
            pdu.idle = false;
        } else {
            pdu = new OutboundPdu(this);
        }
        pdu.start(opcode, flags, statSn);
        return pdu;
    }

    /** Idle PDUs waiting to be taken. */
    public int idle() {
        return count;
    }

    void give(OutboundPdu pdu) {
        if (pdu.idle) {
            throw new IllegalStateException(pdu + " recycled twice");
        }
        if (count < idle.length) {
            pdu.idle = true;
            idle[count++] = pdu;
        }
    }
}
