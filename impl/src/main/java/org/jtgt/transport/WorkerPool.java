package org.jtgt.transport;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.iscsi.ConnectionChannel;
import org.jtgt.iscsi.IscsiConnection;

/**
 * The I/O workers of a server (DESIGN.md §3): {@code -T N} event loops, each owning its
 * connections. New connections go to the worker with the fewest. The first worker also accepts
 * for every portal and is never retired, so with one worker there is a single thread on the I/O
 * path. The number of workers changes live with {@link #resize}.
 *
 * <p>Thread-safe: the worker list is published as an immutable snapshot; resizes are serialized.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LogManager.getLogger(WorkerPool.class);

    private final String serverName;
    private final Function<ConnectionChannel, IscsiConnection> protocols;
    private final WorkerEvents events;
    private volatile List<IoWorker> workers = List.of();

    /**
     * @param serverName names the worker threads
     * @param threads the number of workers, at least 1
     * @param protocols creates the protocol state of each new connection
     * @param events told of every worker started and stopped
     */
    public WorkerPool(String serverName, int threads, Function<ConnectionChannel, IscsiConnection> protocols, WorkerEvents events)
            throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread is needed, not " + threads);
        }
        this.serverName = serverName;
        this.protocols = protocols;
        this.events = events;
        List<IoWorker> list = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++) {
            list.add(new IoWorker(serverName, i));
        }
        this.workers = List.copyOf(list);
    }

    public void start() {
        for (IoWorker w : workers) {
            w.start();
            events.workerStarted(w);
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

    /**
     * Hands a new connection to the least-loaded worker; called on the acceptor's thread.
     * {@code onClose} runs once when the connection closes.
     */
    void assign(SocketChannel channel, Runnable onClose) throws IOException {
        IoWorker target = leastLoaded();
        target.expect();
        ChannelConnection connection = new ChannelConnection(channel, target, protocols, onClose);
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
        return leastLoaded(workers);
    }

    /** The worker with the fewest connections, counting those on their way to it. */
    static IoWorker leastLoaded(List<IoWorker> candidates) {
        IoWorker best = null;
        for (IoWorker w : candidates) {
            if (best == null || w.load() < best.load()) {
                best = w;
            }
        }
        return best;
    }

    /**
     * Changes the number of I/O workers while connections run (DESIGN.md §3). Growing starts
     * workers and moves connections from the busiest onto them; shrinking retires the
     * highest-numbered workers, each moving its connections to the others before it stops.
     * Connections move between two events, with their buffers and queues: none is dropped and
     * no PDU is lost or reordered. Moves are planned here, on one thread, against projected
     * loads, so that connections spread evenly. Returns once every moved connection is
     * registered with its new worker and retired workers have stopped.
     *
     * @throws IllegalArgumentException if {@code threads} is less than 1
     */
    public synchronized void resize(int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one I/O thread is needed, not " + threads);
        }
        List<IoWorker> current = workers;
        if (threads == current.size()) {
            return;
        }
        List<CompletableFuture<List<CompletableFuture<Void>>>> steps = new ArrayList<>();
        Map<IoWorker, Integer> projected = new HashMap<>();
        if (threads > current.size()) {
            List<IoWorker> added = new ArrayList<>();
            for (int i = current.size(); i < threads; i++) {
                IoWorker w = new IoWorker(serverName, i);
                w.start();
                events.workerStarted(w);
                added.add(w);
                projected.put(w, 0);
            }
            List<IoWorker> all = new ArrayList<>(current);
            all.addAll(added);
            workers = List.copyOf(all);
            int total = 0;
            for (IoWorker w : current) {
                total += w.load();
            }
            int fair = (total + threads - 1) / threads;
            for (IoWorker w : current) {
                List<IoWorker> targets = plan(w.load() - fair, added, projected);
                if (!targets.isEmpty()) {
                    steps.add(onWorker(w, () -> w.shed(targets)));
                }
            }
            awaitMoves(steps);
        } else {
            List<IoWorker> keep = List.copyOf(current.subList(0, threads));
            List<IoWorker> retire = current.subList(threads, current.size());
            workers = keep;                      // no new connection goes to a retiring worker
            for (IoWorker w : keep) {
                projected.put(w, w.load());
            }
            for (IoWorker w : retire) {
                List<IoWorker> targets = plan(w.load(), keep, projected);
                steps.add(onWorker(w, () -> w.retireTo(targets, keep)));
            }
            awaitMoves(steps);
            for (IoWorker w : retire) {
                try {
                    if (!w.awaitStop(10_000)) {
                        LOG.warn("{} of {} did not stop within 10 s", w, serverName);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                } finally {
                    events.workerStopped(w);
                }
            }
        }
        LOG.info("{}: I/O workers resized from {} to {}", serverName, current.size(), threads);
    }

    /**
     * Chooses the targets of {@code count} moves among {@code candidates}, each time the one
     * with the smallest projected load, and adds the moves to the projection. Planning on one
     * thread keeps concurrent moves from piling onto the same worker.
     */
    private static List<IoWorker> plan(int count, List<IoWorker> candidates, Map<IoWorker, Integer> projected) {
        List<IoWorker> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            IoWorker best = null;
            for (IoWorker c : candidates) {
                if (best == null || projected.get(c) < projected.get(best)) {
                    best = c;
                }
            }
            projected.merge(best, 1, Integer::sum);
            targets.add(best);
        }
        return targets;
    }

    /** Runs {@code action} on {@code w}'s thread; the future holds the moves it started. */
    private static CompletableFuture<List<CompletableFuture<Void>>> onWorker(IoWorker w,
            Supplier<List<CompletableFuture<Void>>> action) {
        CompletableFuture<List<CompletableFuture<Void>>> done = new CompletableFuture<>();
        w.execute(() -> {
            try {
                done.complete(action.get());
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Waits until every planned move has been handed over and registered by its new owner. */
    private static void awaitMoves(List<CompletableFuture<List<CompletableFuture<Void>>>> steps) {
        try {
            List<CompletableFuture<Void>> moves = new ArrayList<>();
            for (CompletableFuture<List<CompletableFuture<Void>>> step : steps) {
                moves.addAll(step.get(10, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(moves.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("resizing did not complete cleanly: {}", e.toString());
        }
    }

    /** Every connection of every worker, gathered on the workers' threads. */
    public List<ChannelConnection> connections() {
        List<ChannelConnection> all = new ArrayList<>();
        for (IoWorker w : workers) {
            CompletableFuture<List<ChannelConnection>> f = new CompletableFuture<>();
            w.execute(() -> f.complete(w.ownedConnections()));
            try {
                all.addAll(f.get(5, TimeUnit.SECONDS));
            } catch (Exception e) {
                LOG.warn("{} did not list its connections: {}", w, e.toString());
            }
        }
        return all;
    }

    /** Stops every worker; their connections are closed. */
    @Override
    public synchronized void close() {
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
            } finally {
                events.workerStopped(w);
            }
        }
        workers = List.of();
    }
}
