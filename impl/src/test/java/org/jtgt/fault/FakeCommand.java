package org.jtgt.fault;

import java.nio.ByteBuffer;
import org.jtgt.api.Nexus;
import org.jtgt.scsi.CdbFields;
import org.jtgt.testing.TestCdbs;

/** A command as a fault rule sees it, made from a CDB, without an engine. */
final class FakeCommand extends DecodedCommand {

    private final ByteBuffer cdb;
    private final String initiator;

    private FakeCommand(ByteBuffer cdb, String initiator) {
        super(CdbFields.decode(cdb));
        this.cdb = cdb;
        this.initiator = initiator;
    }

    static FakeCommand of(byte[] cdb, String initiator) {
        return new FakeCommand(ByteBuffer.wrap(cdb).asReadOnlyBuffer(), initiator);
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
    public int lun() {
        return 0;
    }

    @Override
    public ByteBuffer cdb() {
        return cdb.duplicate();
    }

    @Override
    public int expectedTransferLength() {
        return 0;
    }
}
