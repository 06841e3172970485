package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * WRITE ATOMIC(16) (SBC-4): writes its blocks as one indivisible action with respect to every
 * other command that writes them. It runs under the exclusive range lock of
 * {@link StoreRunner#readModifyWrite}, so no WRITE, WRITE SAME, UNMAP, COMPARE AND WRITE or other
 * atomic write, from any initiator on any thread, lands on its blocks while it writes: any two
 * overlapping writes end up as one or the other, never a mix. Reads take no lock and may see a
 * write in progress, as they may for every write of this disk. Across a crash the write is
 * only as atomic as the store makes it (a memory store keeps nothing, a file store no more
 * than its file system).
 *
 * <p>The limits are those of the Block Limits VPD page ({@link BlockLimits#checkAtomicWrite}):
 * too long, a length that is not a multiple of the granularity or an LBA that is not aligned is
 * INVALID FIELD IN CDB. There are no atomic boundaries, so a non-zero ATOMIC BOUNDARY is
 * INVALID FIELD IN CDB too. The command writes all of its blocks or none: data-out of any other
 * size than the transfer length is INVALID FIELD IN INFORMATION UNIT. Checks the range without
 * overflow, refuses protection information, honours FUA and write protection, accepts DPO; zero
 * blocks writes nothing.
 *
 * <p>Stateless; thread-safe.
 */
final class AtomicWrite {

    private final Medium medium;
    private final StoreRunner runner;

    AtomicWrite(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void writeAtomic(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = new BlockCdb(Cdbs.u64(cdb, 2), Cdbs.u16(cdb, 12), Cdbs.u8(cdb, 1));
        b.checkNoProtection();
        medium.checkRange(b);
        if (Cdbs.u16(cdb, 10) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 10, -1));
        }
        medium.limits().checkAtomicWrite(b.lba(), b.blocks());
        medium.checkWritable();
        if (b.blocks() == 0) {
            command.complete();
            return;
        }
        ByteBuffer data = medium.dataOutExactly(command, (int) b.blocks() * medium.blockSize());
        runner.readModifyWrite(command, b.lba(), b.blocks(), () -> {
            medium.write(b.lba(), data);
            if (b.fua()) {
                medium.flush();
            }
        });
    }
}
