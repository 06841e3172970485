package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * READ and WRITE in their 6, 10, 12 and 16 byte forms (SBC-3). No
 * protection information, ranges checked without overflow, at most the maximum transfer
 * length; a write stores the whole blocks the initiator sent (never padding) and flushes them
 * for FUA or while the write cache is disabled. DPO is accepted and ignored. Stateless;
 * thread-safe.
 */
final class BlockTransfers {

    private final Medium medium;
    private final StoreRunner runner;

    BlockTransfers(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void read(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = BlockCdb.decode(cdb);
        medium.checkTransfer(b);
        ByteBuffer buffer = command.dataIn((int) (b.blocks() * medium.blockSize()));
        runner.run(command, () -> medium.read(b.lba(), buffer));
    }

    void write(ScsiCommand command, ByteBuffer cdb) {
        BlockCdb b = BlockCdb.decode(cdb);
        medium.checkTransfer(b);
        medium.checkWritable();
        ByteBuffer data = medium.blocksOut(command, b.blocks());
        runner.write(command, b.lba(), b.blocks(), () -> {
            medium.write(b.lba(), data);
            medium.written(b.fua());
        });
    }
}
