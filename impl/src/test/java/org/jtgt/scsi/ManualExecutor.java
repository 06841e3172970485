package org.jtgt.scsi;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * An executor for tests that runs nothing until told: tasks queue up, and the test runs them on
 * its own thread, one by one or all, so that work in the background stops exactly where the
 * test wants it to. Not thread-safe: one test thread submits and runs.
 */
final class ManualExecutor implements Executor {

    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();

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
