package org.jtgt.fault;

import org.jtgt.api.CommandInfo;
import org.jtgt.scsi.CdbFields;

/**
 * A {@link CommandInfo} whose operation and blocks come from the command's {@link CdbFields}:
 * the engine's view of a task, and a test's view of a bare CDB, share this.
 */
public abstract class DecodedCommand implements CommandInfo {

    private final CdbFields fields;

    protected DecodedCommand(CdbFields fields) {
        this.fields = fields;
    }

    /** The decoded fields. */
    public CdbFields fields() {
        return fields;
    }

    @Override
    public int opcode() {
        return fields.opcode();
    }

    @Override
    public String operationName() {
        return fields.name();
    }

    @Override
    public long lba() {
        return fields.lba();
    }

    @Override
    public long blocks() {
        return fields.blocks();
    }

    @Override
    public boolean touches(long firstLba, long lastLba) {
        return fields.touches(firstLba, lastLba);
    }
}
