package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * The commands that read blocks and write them back as one uninterrupted action (SBC-3): they
 * run under the exclusive range lock of {@link StoreRunner#readModifyWrite}, so no other write
 * to their blocks, from any initiator on any thread, lands between the read and the write.
 *
 * <p>COMPARE AND WRITE carries twice NUMBER OF LOGICAL BLOCKS of data-out: the blocks to
 * compare, then the blocks to write. A data-out buffer of any other size is INVALID FIELD IN
 * CDB: the initiator meant another number of blocks than the one-byte field says (256 reads as
 * 0), and a GOOD for what it did not ask would be a lie. If the medium differs, nothing is
 * written and the command ends in MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION, with the
 * offset of the first differing byte in INFORMATION. Zero blocks with no data-out is no
 * operation. ORWRITE(16) ORs its data-out into the medium. Both check their range without
 * overflow, refuse protection information, honour FUA, the write cache setting and write
 * protection, and accept DPO.
 *
 * <p>Stateless; thread-safe.
 */
final class ReadModifyWrite {

    private final Medium medium;
    private final StoreRunner runner;

    ReadModifyWrite(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void compareAndWrite(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = new BlockCdb(Cdbs.u64(cdb, 2), Cdbs.u8(cdb, 13), Cdbs.u8(cdb, 1));
        b.checkNoProtection();
        medium.checkRange(b);
        medium.checkWritable();
        int half = (int) b.blocks() * medium.blockSize();
        if (command.expectedTransferLength() != 2 * half) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 13, -1));
        }
        if (half == 0) {
            command.complete();
            return;
        }
        ByteBuffer data = medium.dataOutExactly(command, 2 * half);
        ByteBuffer expected = data.slice(0, half);
        ByteBuffer replacement = data.slice(half, half);
        runner.readModifyWrite(command, b.lba(), b.blocks(), () -> {
            int differs = medium.compare(b.lba(), expected);
            if (differs >= 0) {
                throw new ScsiException(SenseCodes.MISCOMPARE_DURING_VERIFY.withInformation(differs));
            }
            medium.write(b.lba(), replacement);
            medium.written(b.fua());
        });
    }

    void orWrite(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = BlockCdb.decode(cdb);
        medium.checkTransfer(b);
        medium.checkWritable();
        ByteBuffer data = medium.blocksOut(command, b.blocks());
        runner.readModifyWrite(command, b.lba(), b.blocks(), () -> {
            medium.or(b.lba(), data);
            medium.written(b.fua());
        });
    }
}
