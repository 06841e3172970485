package org.jtgt.transport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * A listening portal (address and port). Its server socket is registered with the first I/O
 * worker, which accepts connections and hands each to the least-loaded worker; with one
 * worker, that worker accepts and serves alone, and no connection crosses threads.
 */
public final class PortalListener implements IoWorker.Selectable {

    private static final Logger LOG = LogManager.getLogger(PortalListener.class);

    private final ServerSocketChannel server;
    private final WorkerPool pool;
    private final ConnectionCounter counter;
    private final AtomicInteger open = new AtomicInteger();
    private volatile long refused;
    private final InetSocketAddress bound;
    private SelectionKey key;
    private volatile long accepted;

    /**
     * Binds the portal now, so that a bind error is reported before the server starts.
     *
     * @param address the address to bind; port 0 picks a free port
     */
    public PortalListener(InetSocketAddress address, WorkerPool pool, ConnectionCounter counter) throws IOException {
        this.pool = pool;
        this.counter = counter;
        this.server = ServerSocketChannel.open();
        try {
            server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            server.bind(address, 128);
            server.configureBlocking(false);
            this.bound = (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The address actually bound (with the chosen port if 0 was asked for). */
    public InetSocketAddress address() {
        return bound;
    }

    /** Connections accepted since start. */
    public long accepted() {
        return accepted;
    }

    /** Starts accepting: registers with the acceptor worker, on its thread. */
    public void start() {
        IoWorker acceptor = pool.acceptor();
        acceptor.execute(() -> {
            if (!server.isOpen()) {
                return;           // closed before the acceptor got to it
            }
            try {
                key = server.register(acceptor.selector(), SelectionKey.OP_ACCEPT, this);
            } catch (IOException e) {
                LOG.error("portal {}: cannot accept: {}", bound, e.toString());
            }
        });
    }

    @Override
    public void onReady(SelectionKey k) {
        while (true) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (IOException e) {
                LOG.warn("portal {}: accept failed: {}", bound, e.toString());
                return;
            }
            if (channel == null) {
                return;
            }
            accepted++;
            InetAddress peer = peerOf(channel);
            if (open.get() >= counter.limits().connectionsPerPortal() || !counter.admit(peer)) {
                if (refused++ % 1000 == 0) {
                    LOG.warn("portal {}: refusing a connection from {}: {} open here, {} from that address (limits {}, {}); {} refused so far",
                            bound, peer, open.get(), counter.open(peer), counter.limits().connectionsPerPortal(),
                            counter.limits().connectionsPerAddress(), refused);
                }
                closeQuietly(channel);
                continue;
            }
            open.incrementAndGet();
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                channel.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                pool.assign(channel, () -> {
                    open.decrementAndGet();
                    counter.release(peer);
                });
            } catch (IOException e) {
                open.decrementAndGet();
                counter.release(peer);
                LOG.warn("portal {}: cannot set up a connection: {}", bound, e.toString());
                try {
                    channel.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
            }
        }
    }

    private static InetAddress peerOf(SocketChannel channel) {
        try {
            return ((InetSocketAddress) channel.getRemoteAddress()).getAddress();
        } catch (IOException | RuntimeException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing left to do
        }
    }

    /** Connections of this portal open now. */
    public int openConnections() {
        return open.get();
    }

    /** Connections refused by the limits since start. */
    public long refused() {
        return refused;
    }

    @Override
    public void onWorkerStop() {
        close();
    }

    /** Stops listening; established connections stay. */
    public void close() {
        if (key != null) {
            key.cancel();
        }
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("portal {}: close failed", bound, e);
        }
    }

    @Override
    public String toString() {
        return "portal " + bound;
    }
}
