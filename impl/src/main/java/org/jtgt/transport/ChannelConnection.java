package org.jtgt.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.iscsi.ConnectionChannel;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.pdu.PduFormatException;

/**
 * A TCP connection owned by an {@link IoWorker}: the socket, the receive buffer and
 * {@link PduDecoder} that frame inbound PDUs for the protocol layer ({@link IscsiConnection}),
 * and the queue of sealed outbound PDUs written with gathering writes.
 *
 * <h2>Threading and moves</h2>
 * Every method except {@link #execute}, {@link #inOwnerThread} and the statistics getters runs
 * on the owning worker's thread. All state (buffers, decoder, queue) lives in this object, not in
 * the worker, so the connection can move to another worker between two events: the owner
 * cancels its key, publishes the new owner, and the new owner registers the channel on its own
 * thread and carries on with the same buffers and queue, in order.
 *
 * <h2>Back-pressure</h2>
 * While more than {@link #HIGH_WATER} bytes wait to be written, the connection stops reading,
 * so a peer that does not read its responses cannot make the target buffer without bound.
 */
public final class ChannelConnection implements ConnectionChannel, IoWorker.Selectable {

    private static final Logger LOG = LogManager.getLogger(ChannelConnection.class);

    static final int RECEIVE_BUFFER = 64 * 1024;
    static final long HIGH_WATER = 16L * 1024 * 1024;
    private static final int GATHER = 64;

    private final SocketChannel channel;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final ByteBuffer receive = ByteBuffer.allocateDirect(RECEIVE_BUFFER);
    private final PduDecoder decoder;
    private final PduEncoder encoder = new PduEncoder();
    private final PduQueue queue = new PduQueue();
    private final ByteBuffer[] gather = new ByteBuffer[GATHER];
    private final IscsiConnection protocol;
    private final Runnable onClose;

    private volatile IoWorker owner;
    private SelectionKey key;
    private long queuedBytes;
    private boolean dirty;
    private boolean closed;
    private String closeAfterFlush;
    private boolean readPaused;

    // statistics, written by the owner only
    private volatile long pdusIn;
    private volatile long pdusOut;
    private volatile long bytesIn;
    private volatile long bytesOut;
    private volatile int queuedCount;
    private volatile int pendingIn;

    ChannelConnection(SocketChannel channel, IoWorker owner, Function<ConnectionChannel, IscsiConnection> protocols, Runnable onClose)
            throws IOException {
        this.channel = channel;
        this.onClose = onClose;
        this.owner = owner;
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.remote = (InetSocketAddress) channel.getRemoteAddress();
        this.protocol = protocols.apply(this);
        this.decoder = new PduDecoder(protocol);
    }

    /** The protocol state of this connection. */
    public IscsiConnection protocol() {
        return protocol;
    }

    /** The worker that owns the connection now. */
    public IoWorker owner() {
        return owner;
    }

    /** Registers with the owner's selector and starts reading; on the owner's thread. */
    void register() throws ClosedChannelException {
        IoWorker worker = owner;
        try {
            key = channel.register(worker.selector(), interestOps(), this);
        } catch (CancelledKeyException e) {
            // our own cancelled key from an earlier stay on this worker is not flushed yet; a
            // selection flushes it (keys it finds ready are found again by the worker's next one)
            try {
                worker.selector().selectNow(ready -> { });
            } catch (IOException io) {
                throw new IllegalStateException(io);
            }
            key = channel.register(worker.selector(), interestOps(), this);
        }
        worker.adopt(this);
    }

    // ---- events

    @Override
    public void onReady(SelectionKey k) {
        if (closed) {
            return;
        }
        if (k.isValid() && k.isWritable()) {
            flush();
        }
        if (!closed && k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() {
        int n;
        try {
            n = channel.read(receive);
        } catch (IOException e) {
            close("read failed: " + e.getMessage());
            return;
        }
        if (n < 0) {
            close("closed by the initiator");
            return;
        }
        bytesIn += n;
        owner.countIn(0, n);
        receive.flip();
        try {
            decodeAll();
        } finally {
            receive.compact();
            pendingIn = receive.position();
        }
    }

    private void decodeAll() {
        try {
            while (!closed && closeAfterFlush == null) {
                Pdu pdu = decoder.decode(receive);
                if (pdu == null) {
                    return;
                }
                pdusIn++;
                owner.countIn(1, 0);
                protocol.onPdu(pdu);
            }
        } catch (PduFormatException e) {
            LOG.warn("{}: {}; closing", this, e.getMessage());
            close(e.getMessage());
        }
    }

    void tick(long now) {
        if (!closed) {
            protocol.tick(now);
        }
    }

    // ---- ConnectionChannel

    @Override
    public void send(OutboundPdu pdu) {
        if (closed) {
            runWhenDone(pdu);
            return;
        }
        encoder.seal(pdu);
        queue.add(pdu);
        queuedCount = queue.size();
        queuedBytes += pdu.remaining();
        if (!dirty) {
            dirty = true;
            owner.markDirty(this);
        }
    }

    @Override
    public void configure(boolean headerDigest, boolean dataDigest, int maxRecvDataSegmentLength) {
        encoder.setHeaderDigest(headerDigest);
        encoder.setDataDigest(dataDigest);
        decoder.setHeaderDigest(headerDigest);
        decoder.setDataDigest(dataDigest);
        decoder.setMaxDataSegmentLength(maxRecvDataSegmentLength);
    }

    @Override
    public void execute(Runnable task) {
        IoWorker worker = owner;
        worker.execute(() -> {
            if (owner != worker) {
                execute(task);       // moved meanwhile: follow the connection
            } else {
                task.run();
            }
        });
    }

    @Override
    public boolean inOwnerThread() {
        return owner.inThread();
    }

    @Override
    public void closeAfterFlush(String reason) {
        if (closed || closeAfterFlush != null) {
            return;
        }
        closeAfterFlush = reason;
        updateInterest();
        if (queue.isEmpty()) {
            close(reason);
        } else if (!dirty) {
            dirty = true;
            owner.markDirty(this);
        }
    }

    @Override
    public void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: close failed", this, e);
        }
        OutboundPdu pdu;
        while ((pdu = queue.poll()) != null) {
            runWhenDone(pdu);
        }
        queuedBytes = 0;
        queuedCount = 0;
        owner.release(this);
        try {
            protocol.onClosed(reason);
        } catch (RuntimeException e) {
            LOG.error("{}: cleanup after close failed", this, e);
        }
        onClose.run();
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public void onWorkerStop() {
        close("server stopping");
    }

    // ---- output

    /**
     * Writes as much of the queue as the socket takes. Does nothing if the connection closed,
     * or if it moved to another worker since it was marked dirty (the new owner flushes it).
     */
    void flush() {
        if (closed || !owner.inThread()) {
            return;
        }
        dirty = false;
        try {
            while (!queue.isEmpty()) {
                int count = 0;
                long offered = 0;
                for (int i = 0; i < queue.size() && count + 3 <= GATHER; i++) {
                    OutboundPdu pdu = queue.get(i);
                    offered += pdu.remaining();
                    count = add(pdu.header(), count);
                    count = add(pdu.data(), count);
                    count = add(pdu.trailer(), count);
                }
                long written = count == 0 ? 0 : channel.write(gather, 0, count);
                Arrays.fill(gather, 0, count, null);
                bytesOut += written;
                owner.countOut(0, written);
                queuedBytes -= written;
                retireWritten();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: wrote {} of {} bytes, {} PDUs still queued", this, written, offered, queue.size());
                }
                if (written < offered) {
                    break;       // the socket buffer is full; OP_WRITE tells when it drains
                }
            }
        } catch (IOException e) {
            close("write failed: " + e.getMessage());
            return;
        }
        if (queue.isEmpty() && closeAfterFlush != null) {
            close(closeAfterFlush);
            return;
        }
        updateInterest();
    }

    private int add(ByteBuffer b, int count) {
        if (b.hasRemaining()) {
            gather[count++] = b;
        }
        return count;
    }

    private void retireWritten() {
        OutboundPdu head;
        while ((head = queue.peek()) != null && head.remaining() == 0) {
            queue.poll();
            queuedCount = queue.size();
            pdusOut++;
            owner.countOut(1, 0);
            runWhenDone(head);
        }
    }

    /**
     * The PDU has been written or dropped: runs its completion, then recycles it (it is not
     * touched again). Only the owner recycles: a PDU dropped on another thread (a completion that
     * reached a stopped worker and ran on its caller) is left to the garbage collector, since the
     * pool is the owner's alone.
     */
    private void runWhenDone(OutboundPdu pdu) {
        Runnable done = pdu.whenDone();
        if (done != null) {
            try {
                done.run();
            } catch (RuntimeException e) {
                LOG.error("{}: completion of {} failed", this, pdu, e);
            }
        }
        if (owner.inThread()) {
            pdu.recycle();
        }
    }

    private int interestOps() {
        int ops = 0;
        readPaused = queuedBytes > HIGH_WATER || closeAfterFlush != null;
        if (!readPaused) {
            ops |= SelectionKey.OP_READ;
        }
        if (!queue.isEmpty()) {
            ops |= SelectionKey.OP_WRITE;
        }
        return ops;
    }

    private void updateInterest() {
        if (key != null && key.isValid()) {
            int ops = interestOps();
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        }
    }

    // ---- moving between workers

    /**
     * Hands the connection to another worker; on the current owner's thread, between events.
     * The new owner registers the channel and flushes anything queued.
     *
     * @return complete once the new owner has registered the connection (or it closed)
     */
    CompletableFuture<Void> moveTo(IoWorker target) {
        IoWorker from = owner;
        if (target == from || closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (key != null) {
            key.cancel();
            key = null;
        }
        from.release(this);
        dirty = false;
        target.expect();
        owner = target;
        CompletableFuture<Void> registered = new CompletableFuture<>();
        target.execute(() -> {
            try {
                if (closed) {
                    return;
                }
                try {
                    register();
                } catch (IOException e) {
                    close("move to " + target + " failed: " + e.getMessage());
                    return;
                }
                if (!queue.isEmpty()) {
                    dirty = true;
                    target.markDirty(this);
                }
            } finally {
                registered.complete(null);
            }
        });
        return registered;
    }

    // ---- statistics

    public long pdusIn() {
        return pdusIn;
    }

    public long pdusOut() {
        return pdusOut;
    }

    public long bytesIn() {
        return bytesIn;
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** Bytes received and not yet framed into a PDU (read from any thread; approximate). */
    public int pendingBytesIn() {
        return pendingIn;
    }

    /** PDUs queued for writing (read from any thread). */
    public int queuedPdus() {
        return queuedCount;
    }

    @Override
    public String toString() {
        return "connection " + remote;
    }
}
