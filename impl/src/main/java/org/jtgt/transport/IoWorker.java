package org.jtgt.transport;

import java.io.IOException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * One I/O worker: an event loop on its own thread with its own {@link Selector}. It owns its
 * connections: reads their bytes, frames and handles their PDUs, runs memory-speed commands to
 * completion and writes the responses, all on this thread (DESIGN.md §3). Work from other
 * threads (completions of blocking stores, connections handed over) arrives through
 * {@link #execute}, which wakes the selector.
 *
 * <p>Output is batched: a connection that queued PDUs is flushed once per loop turn, after the
 * events and tasks of that turn, so a burst of Data-In goes out in few gathering writes.
 *
 * <p>Ready keys are handled by an action the selector calls ({@link Selector#select(Consumer, long)}),
 * not through the selected-key set, whose additions and iterator would allocate on every turn.
 */
public final class IoWorker implements Executor {

    private static final Logger LOG = LogManager.getLogger(IoWorker.class);
    private static final long HOUSEKEEPING_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What a worker's selector keys are attached to. */
    interface Selectable {
        /** The key is ready; called on the worker's thread. */
        void onReady(SelectionKey key);

        /** The worker is stopping; release everything. */
        void onWorkerStop();
    }

    private final int index;
    private final Selector selector;
    private final Thread thread;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final Set<ChannelConnection> connections = new LinkedHashSet<>();
    private final List<ChannelConnection> dirty = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean running = true;
    private volatile int connectionCount;
    private final AtomicInteger incoming = new AtomicInteger();
    private long nextHousekeeping = System.nanoTime() + HOUSEKEEPING_NANOS;
    /** Handles one ready key during a selection; made once. */
    private final Consumer<SelectionKey> onSelected = this::handleSelected;
    /** When the first key of this loop turn was handled, or 0. */
    private long turnStart;

    // statistics, written by the worker thread only
    private volatile long busyNanos;
    private volatile long tasksRun;
    private volatile long pdusIn;
    private volatile long pdusOut;
    private volatile long bytesIn;
    private volatile long bytesOut;

    IoWorker(String serverName, int index) throws IOException {
        this.index = index;
        this.selector = Selector.open();
        this.thread = new Thread(this::run, serverName + "-io-" + index);
        this.thread.setDaemon(true);
    }

    private volatile boolean started;
    private volatile boolean terminated;

    void start() {
        started = true;
        thread.start();
    }

    public int index() {
        return index;
    }

    Selector selector() {
        return selector;
    }

    /** Connections this worker owns (read from any thread). */
    public int connectionCount() {
        return connectionCount;
    }

    /** Owned connections plus those handed to it and not yet registered: its load for balancing. */
    int load() {
        return connectionCount + incoming.get();
    }

    /** A connection is on its way to this worker (counted in {@link #load()} until adopted). */
    void expect() {
        incoming.incrementAndGet();
    }

    /** Nanoseconds spent handling events and tasks since start (not waiting in select). */
    public long busyNanos() {
        return busyNanos;
    }

    public long tasksRun() {
        return tasksRun;
    }

    /** PDUs framed on this worker since it started, for every connection it owned. */
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

    void countIn(long pdus, long bytes) {
        pdusIn += pdus;
        bytesIn += bytes;
    }

    void countOut(long pdus, long bytes) {
        pdusOut += pdus;
        bytesOut += bytes;
    }

    /** Tasks waiting to run. */
    public int taskQueueDepth() {
        return tasks.size();
    }

    /**
     * Runs a task on this worker's thread. From any thread; tasks run in order. A task that
     * reaches a worker after it has stopped (retired by a resize, or the server stopped) runs
     * on the calling thread instead, so it is never lost; tasks of a connection re-dispatch to
     * the connection's current owner (see {@link ChannelConnection#execute}).
     */
    @Override
    public void execute(Runnable task) {
        tasks.add(task);
        if (terminated) {
            drain();
            return;
        }
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs every queued task on the calling thread. */
    private void drain() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("I/O worker {}: task failed", index, e);
            }
        }
    }

    /** Whether the calling thread is this worker's. */
    public boolean inThread() {
        return Thread.currentThread() == thread;
    }

    boolean running() {
        return running;
    }

    // ---- called on the worker's thread

    void adopt(ChannelConnection connection) {
        if (incoming.get() > 0) {
            incoming.decrementAndGet();
        }
        connections.add(connection);
        connectionCount = connections.size();
    }

    /**
     * The connection closed or moved away. It may stay in this turn's dirty list (removing it
     * there would shift the list under {@link #flushDirty}); its flush then does nothing.
     */
    void release(ChannelConnection connection) {
        connections.remove(connection);
        connectionCount = connections.size();
    }

    /** The connection has queued output: flush it at the end of this loop turn. */
    void markDirty(ChannelConnection connection) {
        dirty.add(connection);
    }

    /** A snapshot of the owned connections; on the worker's thread. */
    List<ChannelConnection> ownedConnections() {
        return new ArrayList<>(connections);
    }

    private void run() {
        try {
            while (running) {
                long waitNanos = Math.max(0, nextHousekeeping - System.nanoTime());
                wakeupPending.set(false);
                turnStart = 0;
                if (tasks.isEmpty()) {
                    selector.select(onSelected, Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)));
                } else {
                    selector.selectNow(onSelected);
                }
                long start = turnStart != 0 ? turnStart : System.nanoTime();
                runTasks();
                flushDirty();
                if (start >= nextHousekeeping) {
                    housekeeping(start);
                    nextHousekeeping = start + HOUSEKEEPING_NANOS;
                }
                busyNanos += System.nanoTime() - start;
            }
        } catch (IOException | ClosedSelectorException e) {
            if (running) {
                LOG.error("I/O worker {} failed", index, e);
            }
        } finally {
            shutdown();
        }
    }

    /** One ready key, during the selection (so no selection may start from here). */
    private void handleSelected(SelectionKey key) {
        if (turnStart == 0) {
            turnStart = System.nanoTime();
        }
        Selectable target = (Selectable) key.attachment();
        try {
            target.onReady(key);
        } catch (RuntimeException e) {
            LOG.error("I/O worker {}: unexpected failure on {}", index, target, e);
            if (target instanceof ChannelConnection) {
                ((ChannelConnection) target).close("internal error: " + e);
            }
        }
    }

    private void runTasks() {
        // run what is queued now; tasks queued meanwhile wait for the next turn (no starvation of I/O)
        for (int n = tasks.size(); n > 0; n--) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("I/O worker {}: task failed", index, e);
            }
            tasksRun++;
        }
    }

    private void flushDirty() {
        for (int i = 0; i < dirty.size(); i++) {
            ChannelConnection c = dirty.get(i);
            try {
                c.flush();
            } catch (RuntimeException e) {
                LOG.error("I/O worker {}: flushing {} failed", index, c, e);
                c.close("internal error: " + e);
            }
        }
        dirty.clear();
    }

    private void housekeeping(long now) {
        for (ChannelConnection c : ownedConnections()) {
            try {
                c.tick(now);
            } catch (RuntimeException e) {
                LOG.error("I/O worker {}: housekeeping of {} failed", index, c, e);
            }
        }
    }

    /**
     * Moves every connection of this worker away, then stops; on this worker's thread (a resize
     * retiring it). Connection {@code i} goes to {@code targets.get(i)}; connections beyond the
     * plan go to the least loaded of {@code others}.
     *
     * @return one future per move, complete once the new owner registered the connection
     */
    List<CompletableFuture<Void>> retireTo(List<IoWorker> targets, List<IoWorker> others) {
        List<CompletableFuture<Void>> moves = moveOwned(Integer.MAX_VALUE, targets, others);
        stop();
        return moves;
    }

    /**
     * Moves up to {@code targets.size()} connections, connection {@code i} to
     * {@code targets.get(i)}; on this worker's thread (a resize growing the pool).
     */
    List<CompletableFuture<Void>> shed(List<IoWorker> targets) {
        return moveOwned(targets.size(), targets, targets);
    }

    private List<CompletableFuture<Void>> moveOwned(int limit, List<IoWorker> targets, List<IoWorker> others) {
        List<CompletableFuture<Void>> moves = new ArrayList<>();
        List<ChannelConnection> owned = ownedConnections();
        for (int i = 0; i < owned.size() && i < limit; i++) {
            IoWorker target = i < targets.size() ? targets.get(i) : WorkerPool.leastLoaded(others);
            LOG.debug("{}: moving {} to {}", this, owned.get(i), target);
            moves.add(owned.get(i).moveTo(target));
        }
        return moves;
    }

    /** Asks the worker to stop; its connections are closed on its thread. */
    void stop() {
        running = false;
        if (!started) {
            shutdown();          // never ran: nothing to wait for
            return;
        }
        selector.wakeup();
    }

    boolean awaitStop(long millis) throws InterruptedException {
        return stopped.await(millis, TimeUnit.MILLISECONDS);
    }

    private void shutdown() {
        try {
            runTasks();
            for (SelectionKey key : selector.keys()) {
                Object attachment = key.attachment();
                if (key.isValid() && attachment instanceof Selectable) {     // not the keys of connections moved away
                    try {
                        ((Selectable) attachment).onWorkerStop();
                    } catch (RuntimeException e) {
                        LOG.warn("I/O worker {}: stopping {} failed", index, attachment, e);
                    }
                }
            }
            for (ChannelConnection c : ownedConnections()) {
                c.close("server stopping");
            }
            selector.close();
        } catch (IOException | RuntimeException e) {
            LOG.warn("I/O worker {}: shutdown incomplete", index, e);
        } finally {
            terminated = true;
            drain();                // tasks queued while we stopped; later ones run on their callers
            stopped.countDown();
        }
    }

    @Override
    public String toString() {
        return "worker " + index;
    }
}
