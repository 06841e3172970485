package org.jtgt.transport;

import org.jtgt.pdu.OutboundPdu;

/**
 * The PDUs a connection has queued for writing, in order: a ring of references that grows by
 * doubling and never shrinks, with indexed access so that building a gathering write walks it
 * without an iterator. Adding, peeking and polling allocate nothing once it has grown to the
 * connection's usual depth. Not thread-safe: confined to the connection's owner thread.
 */
final class PduQueue {

    private OutboundPdu[] ring = new OutboundPdu[16];
    private int head;
    private int size;

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(OutboundPdu pdu) {
        if (size == ring.length) {
            OutboundPdu[] grown = new OutboundPdu[ring.length * 2];
            for (int i = 0; i < size; i++) {
                grown[i] = get(i);
            }
            ring = grown;
            head = 0;
        }
        ring[(head + size) & (ring.length - 1)] = pdu;
        size++;
    }

    /** The {@code i}-th queued PDU, 0 being the oldest; {@code i} below {@link #size()}. */
    OutboundPdu get(int i) {
        return ring[(head + i) & (ring.length - 1)];
    }

    /** The oldest PDU, or {@code null}. */
    OutboundPdu peek() {
        return size == 0 ? null : ring[head];
    }

    /** Removes and returns the oldest PDU, or {@code null}. */
    OutboundPdu poll() {
        if (size == 0) {
            return null;
        }
        OutboundPdu pdu = ring[head];
        ring[head] = null;
        head = (head + 1) & (ring.length - 1);
        size--;
        return pdu;
    }
}
