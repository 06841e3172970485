package org.jtgt.iscsi;

import java.util.Map;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.ResetKind;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Lun;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.TargetPdus;

/**
 * Task Management Function requests (RFC 7143 §11.5, SAM-5 §7). Tasks of the requesting session
 * that a function aborts end without a response (the TMF response stands for them); tasks of
 * other sessions it aborts (CLEAR TASK SET, LUN and target resets) end with TASK ABORTED.
 * Resets then reach the logical units, which establish their unit attentions. A TARGET COLD
 * RESET also ends every session of the target. Confined to the connection's thread.
 */
final class TaskManagement {

    private static final Logger LOG = LogManager.getLogger(TaskManagement.class);

    static final int ABORT_TASK = 1;
    static final int ABORT_TASK_SET = 2;
    static final int CLEAR_ACA = 3;
    static final int CLEAR_TASK_SET = 4;
    static final int LOGICAL_UNIT_RESET = 5;
    static final int TARGET_WARM_RESET = 6;
    static final int TARGET_COLD_RESET = 7;
    static final int TASK_REASSIGN = 8;

    private final IscsiConnection connection;
    private final CommandProcessor commands;

    TaskManagement(IscsiConnection connection, CommandProcessor commands) {
        this.connection = connection;
        this.commands = commands;
    }

    void onRequest(Pdu pdu) {
        if (!connection.admit(pdu)) {
            return;
        }
        int function = pdu.flags() & 0x7F;
        int response = perform(function, pdu);
        LOG.info("{}: task management function {} answered {}", connection, function, response);
        connection.send(TargetPdus.taskManagementResponse(response, pdu.initiatorTaskTag()));
        connection.requestAnswered(pdu);
        if (function == TARGET_COLD_RESET && response == TargetPdus.TMF_COMPLETE) {
            for (IscsiSession other : otherSessions()) {
                other.close("target cold reset by " + connection.session().nexus().initiatorPortName());
            }
            connection.channel().closeAfterFlush("target cold reset");
        }
    }

    private int perform(int function, Pdu pdu) {
        int lun = Lun.decode(pdu.lunField());
        ServedTarget target = connection.session().target();
        switch (function) {
            case ABORT_TASK:
                return abortTask(pdu);
            case ABORT_TASK_SET:
                abortOwn(lun);
                return TargetPdus.TMF_COMPLETE;
            case CLEAR_TASK_SET:
                if (lun < 0 || target.logicalUnit(lun) == null) {
                    return TargetPdus.TMF_LUN_DOES_NOT_EXIST;
                }
                abortOwn(lun);
                abortOthers(lun);
                return TargetPdus.TMF_COMPLETE;
            case LOGICAL_UNIT_RESET: {
                LogicalUnit unit = lun < 0 ? null : target.logicalUnit(lun);
                if (unit == null) {
                    return TargetPdus.TMF_LUN_DOES_NOT_EXIST;
                }
                abortOwn(lun);
                abortOthers(lun);
                unit.reset(ResetKind.LOGICAL_UNIT, connection.session().nexus());
                return TargetPdus.TMF_COMPLETE;
            }
            case TARGET_WARM_RESET:
            case TARGET_COLD_RESET:
                abortOwn(-1);
                abortOthers(-1);
                for (Map.Entry<Integer, LogicalUnit> e : target.logicalUnits().entrySet()) {
                    e.getValue().reset(function == TARGET_WARM_RESET ? ResetKind.TARGET_WARM : ResetKind.TARGET_COLD,
                            connection.session().nexus());
                }
                return TargetPdus.TMF_COMPLETE;
            case TASK_REASSIGN:
                return TargetPdus.TMF_REASSIGNMENT_NOT_SUPPORTED;
            case CLEAR_ACA:
                return TargetPdus.TMF_NOT_SUPPORTED;
            default:
                return TargetPdus.TMF_REJECTED;
        }
    }

    /**
     * ABORT TASK: a live task is aborted (Function complete). A task that is gone is answered
     * "Task does not exist", unless its CmdSN lies in the window before this request, i.e. it
     * never arrived: then it counts as received and aborted (RFC 7143 §11.6.1).
     */
    private int abortTask(Pdu pdu) {
        IscsiTask task = commands.task(pdu.u32(Bhs.REFERENCED_TASK_TAG));
        if (task != null) {
            commands.abort(task);
            return TargetPdus.TMF_COMPLETE;
        }
        int refCmdSN = pdu.u32(Bhs.REF_CMD_SN);
        CommandWindow window = connection.window();
        if (SerialNumbers.inRange(refCmdSN, window.expCmdSN(), window.maxCmdSN()) && SerialNumbers.lessThan(refCmdSN, pdu.cmdSN())) {
            return TargetPdus.TMF_COMPLETE;
        }
        return TargetPdus.TMF_TASK_DOES_NOT_EXIST;
    }

    /** Aborts this session's tasks on {@code lun}, or on every LUN if it is -1, without responses. */
    private void abortOwn(int lun) {
        for (IscsiTask task : commands.tasks()) {
            if (lun < 0 || task.lun() == lun) {
                commands.abort(task);
            }
        }
    }

    /** Has every other session of the target end its tasks on {@code lun} (-1: all) with TASK ABORTED. */
    private void abortOthers(int lun) {
        for (IscsiSession other : otherSessions()) {
            IscsiConnection c = other.connection();
            if (c != null) {
                c.abortForOtherNexus(lun);
            }
        }
    }

    private Iterable<IscsiSession> otherSessions() {
        IscsiSession own = connection.session();
        return connection.context().sessions().all().stream()
                .filter(s -> s != own && s.target() == own.target())
                .toList();
    }
}
