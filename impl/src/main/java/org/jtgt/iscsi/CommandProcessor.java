package org.jtgt.iscsi;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.buffer.BufferPool;
import org.jtgt.buffer.PooledBuffer;
import org.jtgt.login.SessionParameters;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.scsi.ReportLuns;
import org.jtgt.scsi.SenseCodes;
import org.jtgt.scsi.UnmappedLun;

/**
 * The SCSI side of a connection in full feature phase: turns SCSI Command PDUs into
 * {@link IscsiTask}s, gathers their data-out (immediate data, unsolicited Data-Out, R2T and
 * solicited Data-Out), hands complete tasks to their logical unit, and, when a task completes,
 * has {@link ScsiResponder} send its data and status. Also runs task management.
 *
 * <p>Confined to the connection's thread, except {@link #completed}, which logical units call
 * from any thread.
 *
 * <h2>Allocation</h2>
 * A command allocates nothing here in steady state: tasks come from a per-connection pool
 * (they return through {@link IscsiTask#releaseBuffers}, the end of their life), the task
 * table is keyed by unboxed tags, Data-Out lands in the task's write buffer itself, and the
 * PDUs sent come from the connection's PDU pool.
 */
final class CommandProcessor {

    private static final Logger LOG = LogManager.getLogger(CommandProcessor.class);
    private static final int REPORT_LUNS = 0xA0;
    private static final int INQUIRY = 0x12;
    private static final int REQUEST_SENSE = 0x03;
    /** Idle task objects kept per connection: as many as the default CmdSN window lets be in flight. */
    private static final int IDLE_TASKS = 128;

    private final IscsiConnection connection;
    private final EngineContext context;
    private final BufferPool buffers;
    private final ScsiResponder responder;
    private final TaskManagement taskManagement;
    private final ConnectionFaults faults;
    private final TaskTable tasks = new TaskTable();
    private final IscsiTask[] idleTasks = new IscsiTask[IDLE_TASKS];
    private int idleCount;

    /** The write buffer a SCSI Command's immediate data was decoded into, until onCommand takes it. */
    private PooledBuffer immediateBuffer;
    /** Bytes of data buffers this connection's tasks hold (write data and data-in); any thread. */
    private final AtomicLong buffered = new AtomicLong();

    CommandProcessor(IscsiConnection connection, EngineContext context) {
        this.connection = connection;
        this.context = context;
        this.buffers = context.buffers();
        this.responder = new ScsiResponder(connection);
        this.taskManagement = new TaskManagement(connection, this);
        this.faults = new ConnectionFaults(connection, context.faults(), this::finish);
    }

    int activeTasks() {
        return tasks.size();
    }

    IscsiTask task(int itt) {
        return tasks.get(itt);
    }

    /** The tasks of this connection, for task management. */
    List<IscsiTask> tasks() {
        return tasks.snapshot();
    }

    /** A task object for a new command: an idle one if there is one. */
    private IscsiTask newTask() {
        if (idleCount == 0) {
            return new IscsiTask(this, buffers);
        }
        IscsiTask task = idleTasks[--idleCount];
        idleTasks[idleCount] = null;
        task.idle = false;
        return task;
    }

    /**
     * A task's life is over (see {@link IscsiTask#releaseBuffers}): keep it for the next command.
     * Only on the connection's thread: a task that ends elsewhere (its completion reached a
     * stopped worker and ran on the logical unit's thread) is left to the garbage collector.
     *
     * @throws IllegalStateException if it was recycled already (it would serve two commands)
     */
    void recycle(IscsiTask task) {
        if (task.idle) {
            throw new IllegalStateException(task + " recycled twice");
        }
        if (idleCount < idleTasks.length && connection.channel().inOwnerThread()) {
            task.idle = true;
            idleTasks[idleCount++] = task;
        }
    }

    // ---- data segment destinations (called by the decoder before the data arrives)

    ByteBuffer immediateDataDestination(Pdu pdu, int length) {
        int expected = pdu.u32(Bhs.EXPECTED_DATA_TRANSFER_LENGTH);
        if (pdu.hasFlag(Bhs.FLAG_WRITE) && expected >= length && expected > 0 && expected <= context.limits().maxTransferBytes()
                && reserve(expected)) {
            PooledBuffer buffer = buffers.acquire(expected);
            immediateBuffer = buffer;
            return buffer.buffer().limit(length);
        }
        return ByteBuffer.allocate(length);   // refused in onCommand
    }

    /**
     * Takes {@code bytes} of this connection's buffer budget, if there is room.
     *
     * @return false if the connection holds too much already (the command ends with TASK SET FULL)
     */
    boolean reserve(long bytes) {
        long limit = context.limits().connectionBufferBytes();
        while (true) {
            long now = buffered.get();
            if (now + bytes > limit) {
                return false;
            }
            if (buffered.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Gives back budget taken with {@link #reserve}. */
    void unreserve(long bytes) {
        buffered.addAndGet(-bytes);
    }

    ByteBuffer dataOutDestination(Pdu pdu, int length) {
        IscsiTask task = tasks.get(pdu.initiatorTaskTag());
        int offset = pdu.u32(Bhs.BUFFER_OFFSET);
        if (task != null && task.state == IscsiTask.State.COLLECTING && task.collector.fits(offset, length)) {
            // the write buffer itself, positioned over the segment's place: no view per PDU
            return task.writeBuffer.buffer().limit(offset + length).position(offset);
        }
        return ByteBuffer.allocate(length);   // dropped or refused in onDataOut
    }

    // ---- SCSI Command

    void onCommand(Pdu pdu) {
        PooledBuffer immediate = immediateBuffer;
        immediateBuffer = null;
        IscsiSession session = connection.session();
        if (session.discovery()) {
            releaseImmediate(immediate, pdu);
            connection.protocolError(pdu, "SCSI Command in a discovery session");
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{}: command itt={} cmdSN={} window [{}, {}] op={}", connection, Integer.toHexString(pdu.initiatorTaskTag()),
                    Integer.toUnsignedString(pdu.cmdSN()), Integer.toUnsignedString(connection.window().expCmdSN()),
                    Integer.toUnsignedString(connection.window().maxCmdSN()), pdu.header().get(Bhs.CDB) & 0xFF);
        }
        if (connection.window().arrive(pdu.cmdSN(), pdu.immediate()) != CommandWindow.Verdict.ACCEPT) {
            releaseImmediate(immediate, pdu);
            LOG.debug("{}: CmdSN {} outside the window, ignored", connection, Integer.toUnsignedString(pdu.cmdSN()));
            return;
        }
        int itt = pdu.initiatorTaskTag();
        boolean write = pdu.hasFlag(Bhs.FLAG_WRITE);
        int expected = pdu.u32(Bhs.EXPECTED_DATA_TRANSFER_LENGTH);
        int immediateLength = pdu.data().remaining();
        SessionParameters params = session.parameters();
        String refusal = null;
        int reason = TargetPdus.REJECT_PROTOCOL_ERROR;
        if (tasks.containsKey(itt)) {
            refusal = "task tag in use";
            reason = TargetPdus.REJECT_TASK_IN_PROGRESS;
        } else if (expected < 0) {
            refusal = "negative expected data transfer length";
        } else if (immediateLength > 0 && (!write || immediate == null)) {
            refusal = "immediate data on a command that is not a write or exceeds its length";
        } else if (immediateLength > 0 && !params.immediateData()) {
            refusal = "immediate data though ImmediateData=No";
        } else if (immediateLength > params.firstBurstLength()) {
            refusal = "immediate data beyond FirstBurstLength";
        }
        if (refusal != null) {
            if (immediate != null) {
                buffers.release(immediate);
                unreserve(expected);
            }
            LOG.debug("{}: refusing SCSI Command: {}", connection, refusal);
            connection.reject(pdu, reason);
            connection.requestAnswered(pdu);
            return;
        }

        IscsiTask task = newTask().start(pdu, session.nexus());
        tasks.put(itt, task);
        if (write && expected > context.limits().maxTransferBytes()) {
            refuseData(task, immediate, SenseCodes.INVALID_FIELD_IN_CDB, null);
            return;
        }
        if (write && expected > 0 && immediate == null && !reserve(expected)) {
            refuseData(task, null, null, ScsiStatus.TASK_SET_FULL);
            return;
        }
        if (write && expected > 0) {
            task.reserved += expected;
            boolean unsolicited = !params.initialR2T() && !pdu.hasFlag(Bhs.FLAG_FINAL);
            int unsolicitedEnd = unsolicited ? Math.max(immediateLength, Math.min(params.firstBurstLength(), expected)) : immediateLength;
            DataOutCollector collector = task.collect(immediate != null ? immediate : buffers.acquire(expected), expected, immediateLength,
                    unsolicitedEnd, params.maxBurstLength(), params.maxOutstandingR2T());
            if (!collector.complete()) {
                sendR2Ts(task);
                return;
            }
        } else if (immediate != null) {
            buffers.release(immediate);
            unreserve(expected);
        }
        execute(task);
    }

    private void releaseImmediate(PooledBuffer immediate, Pdu pdu) {
        if (immediate != null) {
            buffers.release(immediate);
            unreserve(pdu.u32(Bhs.EXPECTED_DATA_TRANSFER_LENGTH));
        }
    }

    /**
     * Ends a write whose data the target will not take, before any of it is stored: CHECK
     * CONDITION with {@code sense}, or {@code status} (TASK SET FULL) without. Its unsolicited
     * Data-Out, if any follows, is dropped.
     */
    private void refuseData(IscsiTask task, PooledBuffer immediate, SenseData sense, ScsiStatus status) {
        if (immediate != null) {
            buffers.release(immediate);
            unreserve(task.expectedTransferLength());
        }
        task.state = IscsiTask.State.EXECUTING;
        if (sense != null) {
            task.fail(sense);
        } else {
            task.complete(status, null);
        }
    }

    private void sendR2Ts(IscsiTask task) {
        while (task.collector.r2tDue()) {
            DataOutCollector.Burst r = task.collector.openR2T(connection.newTag());
            connection.send(TargetPdus.r2t(connection.pdus(), task.lunField, task.itt, r.ttt, r.r2tSN, r.offset, r.length));
        }
    }

    // ---- Data-Out

    void onDataOut(Pdu pdu) {
        IscsiTask task = tasks.get(pdu.initiatorTaskTag());
        if (task == null || task.state != IscsiTask.State.COLLECTING) {
            // the command was ignored (CmdSN), refused, or already failed: drop its data
            LOG.debug("{}: Data-Out for no collecting task ({}), dropped", connection, pdu);
            return;
        }
        if (!pdu.dataDigestValid()) {
            connection.reject(pdu, TargetPdus.REJECT_DATA_DIGEST_ERROR);
            failCollecting(task, SenseCodes.PROTOCOL_SERVICE_CRC_ERROR, "data digest error");
            return;
        }
        int length = pdu.data().remaining();
        int offset = pdu.u32(Bhs.BUFFER_OFFSET);
        DataOutCollector.Verdict verdict = task.collector.fits(offset, length)
                ? task.collector.accept(pdu.u32(Bhs.TARGET_TRANSFER_TAG), pdu.u32(Bhs.DATA_SN), offset, length)
                : DataOutCollector.Verdict.BAD_OFFSET;
        switch (verdict) {
            case ACCEPTED:
                break;
            case BAD_DATA_SN:
                failCollecting(task, SenseCodes.DATA_PHASE_ERROR, "Data-Out with DataSN " + Integer.toUnsignedString(pdu.u32(Bhs.DATA_SN)));
                return;
            case BAD_OFFSET:
                failCollecting(task, SenseCodes.DATA_OFFSET_ERROR, "Data-Out with offset " + offset + " length " + length);
                return;
            default:
                failCollecting(task, SenseCodes.DATA_PHASE_ERROR, "Data-Out with an unknown target transfer tag");
                return;
        }
        if (task.collector.complete()) {
            execute(task);
        } else {
            sendR2Ts(task);
        }
    }

    /** Ends a task whose data-out went wrong with CHECK CONDITION (ErrorRecoveryLevel 0). */
    private void failCollecting(IscsiTask task, SenseData sense, String what) {
        LOG.debug("{}: {} failed: {}", connection, task, what);
        task.state = IscsiTask.State.EXECUTING;
        task.fail(sense);
    }

    // ---- execution

    private void execute(IscsiTask task) {
        task.state = IscsiTask.State.EXECUTING;
        ServedTarget target = connection.session().target();
        int opcode = task.opcode();
        if (opcode == REPORT_LUNS) {
            connection.session().takeLunMapChange();      // REPORT LUNS clears the unit attention
            ReportLuns.execute(task, target.luns().keySet());
            return;
        }
        if (opcode != INQUIRY && opcode != REQUEST_SENSE && connection.session().takeLunMapChange()) {
            task.fail(SenseCodes.REPORTED_LUNS_DATA_HAS_CHANGED);
            return;
        }
        MappedLun mapped = task.lun() < 0 ? null : target.mapped(task.lun());
        if (mapped == null) {
            UnmappedLun.execute(task);
            return;
        }
        task.mapped = mapped;
        mapped.started();
        if (faults.beforeExecute(task, target)) {
            return;
        }
        try {
            mapped.unit().execute(task);
        } catch (ScsiException e) {
            if (!task.isCompleted()) {
                task.fail(e);
            }
        } catch (RuntimeException e) {
            LOG.error("{}: logical unit {} failed on {}", connection, task.lun(), task, e);
            if (!task.isCompleted()) {
                task.fail(SenseCodes.INTERNAL_TARGET_FAILURE);
            }
        }
    }

    /** A task completed, on any thread: answer it on the connection's thread. */
    void completed(IscsiTask task) {
        ConnectionChannel channel = connection.channel();
        if (channel.inOwnerThread()) {
            finish(task);
        } else {
            channel.execute(task.finish);
        }
    }

    /** {@link #completed} on the connection's thread, for a task completed on another. */
    void finishCompleted(IscsiTask task) {
        finish(task);
    }

    private void finish(IscsiTask task) {
        if (task.fault != null && faults.holdResponse(task)) {
            return;                    // delayed or stalled: finish runs again when it is let go
        }
        MappedLun mapped = task.mapped;
        if (mapped != null && task.isCompleted()) {
            mapped.ended();
            task.mapped = null;
            record(mapped, task);
            if (mapped.journal().enabled()) {
                TaskJournal.record(mapped.journal(), task, connection.session());
            }
        }
        if (task.state == IscsiTask.State.DONE) {
            task.releaseBuffers();     // retired earlier by an abort; the unit is done with it now
            return;
        }
        retire(task);
        if (task.abortedByOtherNexus() && connection.fullFeature()) {
            responder.respondAborted(task);
        } else if (task.aborted()) {
            task.releaseBuffers();
        } else {
            responder.respond(task, unitFor(task));
        }
        if (tasks.isEmpty()) {
            connection.tasksDrained();
        }
    }

    private LogicalUnit unitFor(IscsiTask task) {
        ServedTarget target = connection.session().target();
        return task.lun() < 0 || target == null ? null : target.logicalUnit(task.lun());
    }

    private static void record(MappedLun mapped, IscsiTask task) {
        int dataIn = task.read ? Math.min(task.dataInLength(), task.expectedTransferLength()) : 0;
        mapped.statistics().record(dataIn, task.dataOutReceived(), task.status() == ScsiStatus.GOOD,
                System.nanoTime() - task.startNanos);
    }

    /** Takes a task out of the table and returns its CmdSN credit. */
    private void retire(IscsiTask task) {
        if (tasks.get(task.itt) == task) {
            tasks.remove(task.itt);
        }
        task.state = IscsiTask.State.DONE;
        if (!task.immediate) {
            connection.window().finished();
        }
    }

    /**
     * Aborts a task: no response will be sent for it. A task still collecting data is ended
     * now; one in its logical unit is retired now and its buffers come back when the unit
     * completes it.
     */
    void abort(IscsiTask task) {
        task.abort();
        IscsiTask.State was = task.state;
        retire(task);
        if (was == IscsiTask.State.COLLECTING) {
            task.releaseBuffers();
        } else if (faults.unhold(task)) {
            finish(task);              // its unit is done with it: the buffers come back now
        }
        if (tasks.isEmpty()) {
            connection.tasksDrained();
        }
    }

    /**
     * Task management of another session aborted this session's tasks on {@code lun} (every
     * LUN if -1): each ends with TASK ABORTED, at once if it was still collecting data, or when
     * its logical unit completes it.
     */
    void abortForOtherNexus(int lun) {
        for (IscsiTask task : tasks.snapshot()) {
            if (lun >= 0 && task.lun() != lun) {
                continue;
            }
            task.abortForOtherNexus();
            if (task.state == IscsiTask.State.COLLECTING) {
                task.state = IscsiTask.State.EXECUTING;
                finish(task);
            } else if (faults.unhold(task)) {
                finish(task);
            }
        }
    }

    /** The connection closed: abort every task. */
    void abortAll() {
        for (IscsiTask task : tasks.snapshot()) {
            task.abort();
            IscsiTask.State was = task.state;
            tasks.remove(task.itt);
            task.state = IscsiTask.State.DONE;
            if (was == IscsiTask.State.COLLECTING) {
                task.releaseBuffers();
            }
        }
        if (immediateBuffer != null) {
            buffers.release(immediateBuffer);
            immediateBuffer = null;
        }
        faults.unholdAll().forEach(this::finish);
    }

    void onTaskManagement(Pdu pdu) {
        taskManagement.onRequest(pdu);
    }
}
