package org.jtgt.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.iscsi.ConnectionChannel;
import org.jtgt.iscsi.IscsiConnection;

/**
 * The I/O workers of a server (DESIGN.md §3): {@code -T N} event loops, each owning its
 * connections. New connections go to the worker with the fewest. The first worker also accepts
 * for every portal, so with one worker there is a single thread on the I/O path.
 *
 * <p>Thread-safe: the worker list is published as an immutable snapshot.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(WorkerPool.class);

    private final String serverName;
    private final Function<ConnectionChannel, IscsiConnection> protocols;
    private volatile List<IoWorker> workers = List.of();

    /**
     * @param serverName names the worker threads
     * @param threads the number of workers, at least 1
     * @param protocols creates the protocol state of each new connection
     */
    public WorkerPool(String serverName, int threads, Function<ConnectionChannel, IscsiConnection> protocols) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread is needed, not " + threads);
        }
        this.serverName = serverName;
        this.protocols = protocols;
        List<IoWorker> list = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            list.add(new IoWorker(serverName, i));
        }
        this.workers = List.copyOf(list);
    }

    public void start() {
        for (IoWorker w : workers) {
            w.start();
        }
    }

    /** The worker that accepts connections. */
    IoWorker acceptor() {
        return workers.get(0);
    }

    public List<IoWorker> workers() {
        return workers;
    }

    public int threadCount() {
        return workers.size();
    }

    /** Hands a new connection to the least-loaded worker; called on the acceptor's thread. */
    void assign(SocketChannel channel) throws IOException {
        IoWorker target = leastLoaded();
        target.expect();
        ChannelConnection connection = new ChannelConnection(channel, target, protocols);
        if (target.inThread()) {
            connection.register();
        } else {
            target.execute(() -> {
                try {
                    connection.register();
                } catch (IOException e) {
                    connection.close("cannot register: " + e.getMessage());
                }
            });
        }
    }

    private IoWorker leastLoaded() {
        IoWorker best = null;
        for (IoWorker w : workers) {
            if (best == null || w.load() < best.load()) {
                best = w;
            }
        }
        return best;
    }

    /** Every connection of every worker, gathered on the workers' threads. */
    public List<ChannelConnection> connections() {
        List<ChannelConnection> all = new ArrayList<>();
        for (IoWorker w : workers) {
            CompletableFuture<List<ChannelConnection>> f = new CompletableFuture<>();
            w.execute(() -> f.complete(w.ownedConnections()));
            try {
                all.addAll(f.get(5, java.util.concurrent.TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.warn("{} did not list its connections: {}", w, e.toString());
            }
        }
        return all;
    }

    /** Stops every worker; their connections are closed. */
    @Override
    public void close() {
        for (IoWorker w : workers) {
            w.stop();
        }
        for (IoWorker w : workers) {
            try {
                if (!w.awaitStop(5000)) {
                    LOG.warn("{} of {} did not stop within 5 s", w, serverName);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
