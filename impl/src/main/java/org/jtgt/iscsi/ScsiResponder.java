package org.jtgt.iscsi;

import org.jtgt.api.Fault;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.ScsiStatus;
import org.jtgt.buffer.PooledBuffer;
import org.jtgt.login.SessionParameters;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.TargetPdus;

/**
 * Sends the result of a completed task: its data-in as Data-In PDUs no longer than the
 * initiator's MaxRecvDataSegmentLength, in sequences no longer than MaxBurstLength, and its
 * status, either in the last Data-In (GOOD with data) or in a SCSI Response (with sense data,
 * or without data). Residual over- and underflow follow RFC 7143 §11.4.5: the transfer length
 * the command stated is compared with the initiator's Expected Data Transfer Length.
 *
 * <p>The Data-In PDUs are views of the task's buffer (kept with the buffer, one per PDU of the
 * command), which goes back to the pool once the last PDU has been written. The PDUs come from
 * the connection's pool and the completion that releases the task is made once per task
 * object, so answering allocates nothing (but sense data). Confined to the connection's thread.
 */
final class ScsiResponder {

    private final IscsiConnection connection;

    ScsiResponder(IscsiConnection connection) {
        this.connection = connection;
    }

    /** Ends a task aborted by another nexus's task management with TASK ABORTED status. */
    void respondAborted(IscsiTask task) {
        OutboundPdu response = TargetPdus.scsiResponse(connection.pdus(), task.itt, 0, ScsiStatus.TASK_ABORTED.code(), 0, 0, 0, null);
        response.whenDone(task.release);
        connection.send(response);
    }

    void respond(IscsiTask task, LogicalUnit unit) {
        SessionParameters params = connection.session().parameters();
        int expected = task.expectedTransferLength();
        PooledBuffer data = task.dataInBuffer();
        int wanted = data != null ? task.dataInLength() : Math.max(task.dataOutWanted(), 0);
        int residualFlags = 0;
        int residual = 0;
        if (wanted > expected) {
            residualFlags = Bhs.FLAG_OVERFLOW;
            residual = wanted - expected;
        } else if (wanted < expected) {
            residualFlags = Bhs.FLAG_UNDERFLOW;
            residual = expected - wanted;
        }
        int toSend = data != null && task.read ? Math.min(task.dataInLength(), expected) : 0;
        ScsiStatus status = task.status();
        boolean collapse = toSend > 0 && status == ScsiStatus.GOOD;
        boolean badDataDigest = TaskFault.carries(task, Fault.Kind.CORRUPT_DATA_DIGEST);
        boolean badHeaderDigest = TaskFault.carries(task, Fault.Kind.CORRUPT_HEADER_DIGEST);

        int segment = params.initiatorMaxRecvDataSegmentLength();
        int burst = params.maxBurstLength();
        int dataSN = 0;
        int offset = 0;
        int burstLeft = burst;
        while (offset < toSend) {
            int length = Math.min(Math.min(segment, toSend - offset), burstLeft);
            boolean last = offset + length == toSend;
            burstLeft -= length;
            boolean endOfBurst = burstLeft == 0;
            if (endOfBurst) {
                burstLeft = burst;
            }
            OutboundPdu pdu = TargetPdus.dataIn(connection.pdus(), task.lunField, task.itt, dataSN, offset, last || endOfBurst,
                    last && collapse ? status.code() : -1, residualFlags, residual);
            pdu.data(data.region(dataSN, offset, length));
            dataSN++;
            if (badDataDigest && offset == 0) {
                pdu.corruptDataDigest();
            }
            if (last && collapse) {
                pdu.whenDone(task.release);
                if (badHeaderDigest) {
                    pdu.corruptHeaderDigest();
                }
            }
            connection.send(pdu);
            offset += length;
        }
        if (collapse) {
            return;
        }
        byte[] sense = null;
        if (task.sense() != null && status == ScsiStatus.CHECK_CONDITION) {
            sense = task.sense().encode(unit != null && unit.descriptorSense());
        }
        int r2ts = task.collector != null ? task.collector.r2tCount() : 0;
        OutboundPdu response = TargetPdus.scsiResponse(connection.pdus(), task.itt, 0, status.code(), residualFlags, residual,
                dataSN + r2ts, sense);
        response.whenDone(task.release);
        if (badHeaderDigest) {
            response.corruptHeaderDigest();
        }
        connection.send(response);
    }
}
