package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * The logical block provisioning commands (SBC-3): UNMAP, for a thin-provisioned disk, and GET
 * LBA STATUS, which every disk answers (a store that does not track allocation reports every
 * block mapped).
 *
 * <p>UNMAP validates its whole parameter list before it releases anything: a list shorter than
 * its header or than the descriptors it announces is PARAMETER LIST LENGTH ERROR; more
 * descriptors or blocks than {@link BlockLimits} allows is INVALID FIELD IN PARAMETER LIST; a
 * descriptor that ends past the medium is LOGICAL BLOCK ADDRESS OUT OF RANGE (an empty one at
 * the very end is fine). An incomplete last descriptor is ignored. The releases run under the
 * shared range lock, like any write. No anchored blocks: ANCHOR is refused.
 *
 * <p>Stateless; thread-safe.
 */
final class Provisioning {

    private static final int ANCHOR = 0x01;
    private static final int HEADER = 8;
    private static final int DESCRIPTOR = 16;
    private static final int MAX_STATUS_DESCRIPTORS = 1024;
    private static final byte MAPPED = 0;
    private static final byte DEALLOCATED = 1;

    private final Medium medium;
    private final StoreRunner runner;

    Provisioning(Medium medium, StoreRunner runner) {
        this.medium = medium;
        this.runner = runner;
    }

    void unmap(ScsiCommand command, ByteBuffer cdb) {
        if ((Cdbs.u8(cdb, 1) & ANCHOR) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 0));
        }
        int length = Cdbs.u16(cdb, 7);
        medium.checkWritable();
        if (length == 0) {
            command.complete();
            return;
        }
        ByteBuffer list = command.dataOut(length);
        if (length < HEADER || list.remaining() < HEADER || Cdbs.u16(list, 2) > list.remaining() - HEADER) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        int count = Cdbs.u16(list, 2) / DESCRIPTOR;
        BlockLimits limits = medium.limits();
        if (count > limits.maxUnmapDescriptors()) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 2, -1));
        }
        long total = 0;
        long first = Long.MAX_VALUE;
        long end = 0;
        for (int i = 0; i < count; i++) {
            BlockCdb d = descriptor(list, i);
            if (!d.endsWithin(medium.blocks())) {
                throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
            }
            total += d.blocks();
            if (total > limits.maxUnmapBlocks()) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, HEADER + i * DESCRIPTOR + 8, -1));
            }
            if (d.blocks() > 0) {
                first = Math.min(first, d.lba());
                end = Math.max(end, d.lba() + d.blocks());
            }
        }
        if (total == 0) {
            command.complete();
            return;
        }
        runner.write(command, first, end - first, () -> {
            for (int i = 0; i < count; i++) {
                BlockCdb d = descriptor(list, i);
                if (d.blocks() > 0) {
                    medium.unmap(d.lba(), d.blocks());
                }
            }
        });
    }

    /** UNMAP block descriptor {@code i}: LBA, number of blocks, 4 reserved bytes. */
    private static BlockCdb descriptor(ByteBuffer list, int i) {
        int at = HEADER + i * DESCRIPTOR;
        return new BlockCdb(Cdbs.u64(list, at), Cdbs.u32(list, at + 8), 0);
    }

    /**
     * GET LBA STATUS (SERVICE ACTION IN(16) 12h): from the starting LBA, runs of mapped and
     * deallocated blocks as the store reports them, as many as the allocation length holds (at
     * most 1024), each at most 2^32-1 blocks long.
     */
    void getLbaStatus(ScsiCommand command, ByteBuffer cdb) {
        long lba = Cdbs.u64(cdb, 2);
        long allocation = Cdbs.u32(cdb, 10);
        long blocks = medium.blocks();
        if (Long.compareUnsigned(lba, blocks) >= 0) {
            throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
        }
        int descriptors = (int) Math.max(1, Math.min(MAX_STATUS_DESCRIPTORS, (allocation - HEADER) / DESCRIPTOR));
        runner.run(command, () -> {
            ByteBuffer data = ByteBuffer.allocate(HEADER + descriptors * DESCRIPTOR).position(HEADER);
            for (long at = lba; at < blocks && data.hasRemaining();) {
                byte status = medium.allocated(at) ? MAPPED : DEALLOCATED;
                long runEnd = medium.allocationRunEnd(at, Math.min(blocks, at + 0xFFFF_FFFFL));
                data.putLong(at).putInt((int) (runEnd - at)).put(status).position(data.position() + 3);
                at = runEnd;
            }
            data.putInt(0, data.position() - 4);                 // PARAMETER DATA LENGTH
            ByteBuffer out = command.dataIn((int) Math.min(allocation, data.position()));
            out.put(data.flip().limit(out.limit()));
        });
    }
}
