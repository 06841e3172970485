package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * READ and WRITE in their 6, 10, 12 and 16 byte forms (SBC-3). No
 * protection information, ranges checked without overflow, at most the maximum transfer
 * length; a write stores the whole blocks the initiator sent (never padding) and flushes them
 * for FUA or while the write cache is disabled. DPO is accepted and ignored. The store work is
 * made once per disk and the CDB is read without a {@link BlockCdb} record, so a command
 * allocates nothing here, compiled or not ({@link StoreRunner.RangeWork}).
 * Stateless; thread-safe.
 */
final class BlockTransfers {

    private final Medium medium;
    private final StoreRunner runner;
    private final StoreRunner.RangeWork read;
    private final StoreRunner.RangeWork write;
    private final StoreRunner.RangeWork writeThrough;

    BlockTransfers(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
        this.read = medium::read;
        this.write = (lba, data) -> {
            medium.write(lba, data);
            medium.written(false);
        };
        this.writeThrough = (lba, data) -> {
            medium.write(lba, data);
            medium.written(true);
        };
    }

    void read(ScsiCommand command, ByteBuffer cdb) {
        long lba = BlockCdb.lbaOf(cdb);
        long blocks = BlockCdb.blocksOf(cdb);
        medium.checkTransfer(lba, blocks, BlockCdb.flagsOf(cdb));
        ByteBuffer buffer = command.dataIn((int) (blocks * medium.blockSize()));
        runner.read(command, lba, buffer, read);
    }

    void write(ScsiCommand command, ByteBuffer cdb) {
        long lba = BlockCdb.lbaOf(cdb);
        long blocks = BlockCdb.blocksOf(cdb);
        int flags = BlockCdb.flagsOf(cdb);
        medium.checkTransfer(lba, blocks, flags);
        medium.checkWritable();
        ByteBuffer data = medium.blocksOut(command, blocks);
        runner.write(command, lba, blocks, data, (flags & BlockCdb.FUA) != 0 ? writeThrough : write);
    }
}
