package org.jtgt.fault;

import java.nio.ByteBuffer;
import org.jtgt.api.CommandInfo;
import org.jtgt.api.Nexus;
import org.jtgt.scsi.CdbFields;
import org.jtgt.testing.TestCdbs;

/** A command as a fault rule sees it, made from a CDB, without an engine. */
record FakeCommand(ByteBuffer cdb, CdbFields fields, String initiator, int lun) implements CommandInfo {

    static FakeCommand of(byte[] cdb, String initiator) {
        ByteBuffer b = ByteBuffer.wrap(cdb).asReadOnlyBuffer();
        return new FakeCommand(b, CdbFields.decode(b), initiator, 0);
    }

    static FakeCommand read(long lba, int blocks) {
        return of(TestCdbs.read10(lba, blocks), "iqn.2026-11.org.jtgt:test-initiator");
    }

    static FakeCommand write(long lba, int blocks) {
        return of(TestCdbs.write10(lba, blocks), "iqn.2026-11.org.jtgt:test-initiator");
    }

    @Override
    public Nexus nexus() {
        return new Nexus(initiator, "400000000001", "iqn.2026-11.org.jtgt:test", 1);
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

    @Override
    public int expectedTransferLength() {
        return 0;
    }
}
