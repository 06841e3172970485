package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * VERIFY and WRITE AND VERIFY in their 10, 12 and 16 byte forms (SBC-3).
 * The BYTCHK field says what is verified: 00b the medium alone, which a store has no way to
 * scan, so only the range is checked; 01b the data-out, compared byte by byte with the medium
 * (for WRITE AND VERIFY: with what was just written). 10b and 11b are refused. A difference
 * ends in MISCOMPARE, MISCOMPARE DURING VERIFY OPERATION, with the offset of the first differing
 * byte in the data-out as INFORMATION. No protection information; DPO is accepted and ignored.
 * WRITE AND VERIFY writes like WRITE, flushed to the medium before it is verified. Stateless;
 * thread-safe.
 */
final class VerifyCommands {

    private static final int BYTCHK_MEDIUM = 0;
    private static final int BYTCHK_DATA_OUT = 1;

    private final Medium medium;
    private final StoreRunner runner;

    VerifyCommands(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void verify(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = BlockCdb.decode(cdb);
        int byteCheck = byteCheck(b);
        if (byteCheck == BYTCHK_MEDIUM) {
            b.checkNoProtection();
            medium.checkRange(b);
            command.complete();
            return;
        }
        medium.checkTransfer(b);
        ByteBuffer data = medium.blocksOut(command, b.blocks());
        runner.run(command, () -> compare(b.lba(), data));
    }

    void writeAndVerify(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = BlockCdb.decode(cdb);
        int byteCheck = byteCheck(b);
        medium.checkTransfer(b);
        medium.checkWritable();
        ByteBuffer data = medium.blocksOut(command, b.blocks());
        runner.write(command, b.lba(), b.blocks(), () -> {
            medium.write(b.lba(), data.duplicate());
            medium.flush();
            if (byteCheck == BYTCHK_DATA_OUT) {
                compare(b.lba(), data);
            }
        });
    }

    /** The BYTCHK field, bits 2..1 of byte 1; only 00b and 01b are supported. */
    private static int byteCheck(BlockCdb b) {
        int byteCheck = (b.flags() >>> 1) & 0x03;
        if (byteCheck != BYTCHK_MEDIUM && byteCheck != BYTCHK_DATA_OUT) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 2));
        }
        return byteCheck;
    }

    private void compare(long lba, ByteBuffer data) {
        int differs = medium.compare(lba, data);
        if (differs >= 0) {
            throw new ScsiException(SenseCodes.MISCOMPARE_DURING_VERIFY.withInformation(differs));
        }
    }
}
