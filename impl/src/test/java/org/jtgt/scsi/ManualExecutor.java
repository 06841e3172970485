package org.jtgt.scsi;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;

/**
 * An executor for tests that runs nothing until told: tasks queue up, and the test runs them on
 * its own thread, one by one or all, so that work in the background stops exactly where the
 * test wants it to. Tasks may be submitted from any thread (a delayed resubmission, say); the
 * test thread runs them.
 */
final class ManualExecutor implements Executor {

    private final Queue<Runnable> queue = new ConcurrentLinkedQueue<>();

    @Override
    public void execute(Runnable task) {
        queue.add(task);
    }

    /** How many tasks wait. */
    int pending() {
        return queue.size();
    }

    /** Runs the oldest waiting task, which may queue more; false if none waited. */
    boolean runNext() {
        Runnable task = queue.poll();
        if (task == null) {
            return false;
        }
        task.run();
        return true;
    }

    /** Runs tasks, the ones they queue included, until none waits; how many ran. */
    int runAll() {
        int n = 0;
        while (runNext()) {
            n++;
        }
        return n;
    }
}
