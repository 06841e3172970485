package org.jtgt.iscsi;

import java.time.Instant;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.journal.IoJournal;
import org.jtgt.journal.JournalEntry;
import org.jtgt.scsi.CdbFields;

/**
 * Turns a task whose response is going out into a {@link JournalEntry}. Only called when the
 * LUN's journal is on. On the connection's thread, while the task still holds its buffers (an
 * UNMAP's block descriptors are read from its data-out).
 */
final class TaskJournal {

    private TaskJournal() {
    }

    static void record(IoJournal journal, IscsiTask task, IscsiSession session) {
        CdbFields fields = new TaskView(task).fields();
        long completed = System.nanoTime();
        Instant at = Instant.now();
        Nexus nexus = task.nexus();
        ScsiStatus status = task.status();
        SenseData sense = status == ScsiStatus.CHECK_CONDITION ? task.sense() : null;
        String fault = task.fault == null ? null : task.fault.source.id() + " " + task.fault.fault;
        String sessionId = session == null ? "" : session.id();
        journal.record(sequence -> new JournalEntry(sequence, task.lun(), fields.name(), fields.opcode(), fields.access(), fields.ranges(),
                fields.rangesKnown(), fields.fua(), task.expectedTransferLength(), nexus.initiatorName(), nexus.isid(), sessionId,
                task.startNanos, completed, at, status, sense, task.aborted(), fault));
    }
}
