package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * WRITE SAME 10 and 16 (SBC-3): the one block of data-out, or a block of zeros when the 16-byte
 * form sets NDOB, written to every block of the range. Data-out of any other size than one
 * block, less or more, is INVALID FIELD IN INFORMATION UNIT: the initiator meant something else. The disk reports WSNZ, so a NUMBER OF
 * LOGICAL BLOCKS of zero (the rest of the medium) is INVALID FIELD IN CDB, as is more than the
 * MAXIMUM WRITE SAME LENGTH of {@link BlockLimits}. No protection information; no anchored
 * blocks (ANCHOR is refused). UNMAP asks to release the blocks: a thin-provisioned disk does so
 * when the block is zeros, which is what released blocks read as; with other data it writes
 * them, as SBC-3 allows. A disk that is not thin provisioned refuses UNMAP. Runs under the
 * shared range lock like any write, flushed while the write cache is disabled. Immutable;
 * thread-safe.
 */
final class WriteSame {

    private static final int NDOB = 0x01;
    private static final int UNMAP = 0x08;
    private static final int ANCHOR = 0x10;

    private final Medium medium;
    private final StoreRunner runner;
    private final ByteBuffer zeroBlock;

    WriteSame(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
        this.zeroBlock = ByteBuffer.allocate(medium.blockSize()).asReadOnlyBuffer();
    }

    void writeSame(ScsiCommand command, ByteBuffer cdb) {
        boolean sixteen = Cdbs.u8(cdb, 0) == Opcodes.WRITE_SAME_16;
        BlockCdb b = BlockCdb.decode(cdb);
        b.checkNoProtection();
        if ((b.flags() & ANCHOR) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
        }
        boolean unmap = (b.flags() & UNMAP) != 0;
        if (unmap && !medium.thin()) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 3));
        }
        medium.checkRange(b);
        if (b.blocks() == 0 || b.blocks() > medium.limits().maxWriteSameBlocks()) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, sixteen ? 10 : 7, -1));
        }
        medium.checkWritable();
        ByteBuffer block = sixteen && (b.flags() & NDOB) != 0 ? zeroBlock : medium.dataOutExactly(command, medium.blockSize());
        boolean release = unmap && block.mismatch(zeroBlock) < 0;
        runner.write(command, b.lba(), b.blocks(), () -> {
            if (release) {
                medium.unmap(b.lba(), b.blocks());
            } else {
                medium.writeSame(b.lba(), b.blocks(), block);
            }
            medium.written(false);
        });
    }
}
