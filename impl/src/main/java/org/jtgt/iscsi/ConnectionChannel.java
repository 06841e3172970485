package org.jtgt.iscsi;

import java.net.InetSocketAddress;
import org.jtgt.pdu.OutboundPdu;

/**
 * What the protocol layer of a connection ({@link IscsiConnection}) needs from the transport
 * below it: queue PDUs, change codec settings, run work on the owning thread, close. The
 * transport's connection implements it; unit tests implement it without sockets.
 *
 * <p>All methods but {@link #execute} and {@link #inOwnerThread} are called only on the thread
 * that currently owns the connection.
 */
public interface ConnectionChannel {

    /**
     * Seals (data segment length, padding, digests with the current settings) and queues a
     * PDU for writing. The transport writes queued PDUs in order and runs each one's
     * {@link OutboundPdu#whenDone()} when it is written or dropped.
     */
    void send(OutboundPdu pdu);

    /**
     * Applies negotiated codec settings: digests for PDUs sealed and decoded from now on, and
     * the largest data segment accepted. Called between PDUs, after the last login response
     * was queued.
     */
    void configure(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength);

    /**
     * Runs {@code task} on the thread that owns the connection, soon. Safe from any thread;
     * tasks run in the order submitted. Tasks submitted after the connection closed still run
     * (so that they can release what they hold) unless the server has stopped.
     */
    void execute(Runnable task);

    /** Whether the calling thread owns the connection now. */
    boolean inOwnerThread();

    /** Closes once every queued PDU has been written (after a logout or a failed login). */
    void closeAfterFlush(String reason);

    /** Closes now; queued PDUs are dropped. */
    void close(String reason);

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();
}
