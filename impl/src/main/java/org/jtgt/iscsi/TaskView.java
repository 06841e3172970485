package org.jtgt.iscsi;

import java.nio.ByteBuffer;
import org.jtgt.api.Nexus;
import org.jtgt.fault.DecodedCommand;
import org.jtgt.scsi.CdbFields;

/**
 * A task as fault rules and the journal see it: its CDB decoded by {@link CdbFields} (with the
 * data-out, for UNMAP's block descriptors). Made only when something looks: a rule is
 * installed, or the journal is on. Used on the connection's thread during one call.
 */
final class TaskView extends DecodedCommand {

    private final IscsiTask task;

    TaskView(IscsiTask task) {
        super(CdbFields.decode(task.cdb(), task.writeBuffer == null ? null : task.writeBuffer.buffer().slice(0, task.dataOutReceived())));
        this.task = task;
    }

    @Override
    public Nexus nexus() {
        return task.nexus();
    }

    @Override
    public int lun() {
        return task.lun();
    }

    @Override
    public ByteBuffer cdb() {
        return task.cdb();
    }

    @Override
    public int expectedTransferLength() {
        return task.expectedTransferLength();
    }
}
