package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * READ CAPACITY 10 and 16 (SBC-3): the last LBA and the block size; the 16-byte
 * form has no protection information, the logical blocks per physical block exponent of the
 * medium (the lowest aligned LBA is 0), and for a thin-provisioned disk LBPME and LBPRZ
 * (unmapped blocks read as zeros). Immutable; thread-safe.
 */
final class Capacity {

    private static final int LONG_LENGTH = 32;

    private final Medium medium;

    Capacity(Medium medium) {
        this.medium = medium;
    }

    void readCapacity10(ScsiCommand command, ByteBuffer cdb) {
        checkLbaWithoutPmi(Cdbs.u32(cdb, 2) != 0, Cdbs.u8(cdb, 8));
        ByteBuffer out = command.dataIn(8);
        out.putInt((int) Math.min(medium.blocks() - 1, 0xFFFF_FFFFL));
        out.putInt(medium.blockSize());
        command.complete();
    }

    void readCapacity16(ScsiCommand command, ByteBuffer cdb) {
        checkLbaWithoutPmi(Cdbs.u64(cdb, 2) != 0, Cdbs.u8(cdb, 14));
        long allocation = Cdbs.u32(cdb, 10);
        ByteBuffer data = ByteBuffer.allocate(LONG_LENGTH);
        data.putLong(0, medium.blocks() - 1);
        data.putInt(8, medium.blockSize());
        data.put(13, (byte) medium.physicalBlockExponent());
        if (medium.thin()) {
            data.put(14, (byte) 0xC0);                  // LBPME, LBPRZ
        }
        ByteBuffer out = command.dataIn((int) Math.min(allocation, LONG_LENGTH));
        out.put(data.limit(out.limit()));
        command.complete();
    }

    /** SBC-3: a LOGICAL BLOCK ADDRESS other than 0 needs the (obsolete) PMI bit. */
    private static void checkLbaWithoutPmi(boolean lbaSet, int pmiByte) {
        if (lbaSet && (pmiByte & 1) == 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
        }
    }
}
