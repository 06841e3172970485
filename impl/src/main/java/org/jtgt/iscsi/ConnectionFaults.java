package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jtgt.api.Fault;
import org.jtgt.api.ScsiStatus;
import org.jtgt.fault.FaultInjector;

/**
 * Where fault injection reaches the commands of one connection. Two points: when a command
 * reaches its logical unit ({@link #beforeExecute}: error statuses and dropped connections
 * replace the command), and when its response is about to go out ({@link #holdResponse}:
 * delays and stalls; {@link ScsiResponder} marks corrupt digests). It keeps the responses it
 * stalls, which come back when their rule is removed ({@code finish} runs again), when task
 * management aborts their task ({@link #unhold}) or when the connection ends
 * ({@link #unholdAll}).
 *
 * <p>With no rule installed the cost is one volatile read per command and nothing per response.
 * Confined to the connection's thread, like {@link CommandProcessor}.
 */
final class ConnectionFaults {

    private final IscsiConnection connection;
    private final FaultInjector injector;
    private final Consumer<IscsiTask> finish;
    private final Map<IscsiTask, Runnable> stalled = new HashMap<>();

    /**
     * @param finish answers a task (CommandProcessor's finish), called again for a response
     *        that was held
     */
    ConnectionFaults(IscsiConnection connection, FaultInjector injector, Consumer<IscsiTask> finish) {
        this.connection = connection;
        this.injector = injector;
        this.finish = finish;
    }

    /**
     * A command reached its logical unit: asks the rules. A fault that replaces the command
     * (a status, a dropped connection) completes it here.
     *
     * @return true if the command must not run
     */
    boolean beforeExecute(IscsiTask task, ServedTarget target) {
        if (!injector.active()) {
            return false;
        }
        FaultInjector.Decision decision = injector.decide(new TaskView(task), target.name(), task.lun());
        if (decision == null) {
            return false;
        }
        Fault fault = decision.fault();
        task.fault = new TaskFault(fault, decision.source());
        switch (fault.kind()) {
            case CHECK_CONDITION:
            case STATUS:
                task.complete(fault.status(), fault.sense());
                return true;
            case DROP_CONNECTION:
                connection.channel().close("fault rule " + decision.source().id() + " dropped the connection");
                task.complete(ScsiStatus.TASK_ABORTED, null);    // closing aborted it; this ends it at its unit
                return true;
            default:
                return false;
        }
    }

    /**
     * The response of a completed task is about to be sent: a delay schedules it for later, a
     * stall keeps it until its rule is removed. Either way {@code finish} runs again for the
     * task then, and sends it.
     *
     * @return true if the response is held
     */
    boolean holdResponse(IscsiTask task) {
        TaskFault f = task.fault;
        if (f == null || f.responseHeld || task.state == IscsiTask.State.DONE) {
            return false;
        }
        ConnectionChannel channel = connection.channel();
        if (f.is(Fault.Kind.DELAY)) {
            f.responseHeld = true;
            injector.schedule(f.fault.delay(), () -> channel.execute(() -> finish.accept(task)));
            return true;
        }
        if (f.is(Fault.Kind.STALL)) {
            f.responseHeld = true;
            Runnable release = () -> channel.execute(() -> {
                if (stalled.remove(task) != null) {
                    finish.accept(task);
                }
            });
            if (!f.source.holdUntilRemoved(release)) {
                return false;          // the rule was removed meanwhile: answer now
            }
            stalled.put(task, release);
            return true;
        }
        return false;
    }

    /**
     * Task management aborted {@code task}: if its response was stalled, it is no longer held
     * (the caller finishes the task, which releases its buffers or answers TASK ABORTED).
     *
     * @return whether it was stalled
     */
    boolean unhold(IscsiTask task) {
        Runnable release = stalled.remove(task);
        if (release == null) {
            return false;
        }
        task.fault.source.forget(release);
        return true;
    }

    /** The connection ends: every stalled task, no longer held; the caller finishes them. */
    List<IscsiTask> unholdAll() {
        List<IscsiTask> held = new ArrayList<>(stalled.keySet());
        for (IscsiTask task : held) {
            unhold(task);
        }
        return held;
    }
}
