package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiException;

/**
 * The LBA, block count and flags of a block command's CDB, with the SBC range checks.
 * {@link #decode} reads the common layouts of READ, WRITE, VERIFY, WRITE AND VERIFY, WRITE
 * SAME, ORWRITE, PRE-FETCH and SYNCHRONIZE CACHE in their 6, 10, 12 and 16 byte forms; other
 * layouts use the constructor. Immutable.
 *
 * @param lba the first logical block (unsigned)
 * @param blocks the number of blocks (unsigned; READ(6)/WRITE(6) turn 0 into 256)
 * @param flags byte 1 of the CDB (protection bits, DPO, FUA, BYTCHK, ...)
 */
public record BlockCdb(long lba, long blocks, int flags) {

    /** DPO: disable page out (a cache hint, accepted and ignored). */
    public static final int DPO = 0x10;
    /** FUA: force unit access, the data reaches the medium before GOOD. */
    public static final int FUA = 0x08;

    /** Decodes a block command by its CDB length (opcode group). */
    public static BlockCdb decode(ByteBuffer cdb) {
        return new BlockCdb(lbaOf(cdb), blocksOf(cdb), flagsOf(cdb));
    }

    /** The LBA {@link #decode} reads, without making a record (for READ and WRITE, which allocate nothing). */
    public static long lbaOf(ByteBuffer cdb) {
        switch (group(cdb)) {
            case 0:        // 6-byte: 21-bit LBA
                return Cdbs.u24(cdb, 1) & 0x1F_FFFF;
            case 1:        // 10-byte
            case 2:
            case 5:        // 12-byte
                return Cdbs.u32(cdb, 2);
            default:       // 16-byte
                return Cdbs.u64(cdb, 2);
        }
    }

    /** The block count {@link #decode} reads, without making a record. */
    public static long blocksOf(ByteBuffer cdb) {
        switch (group(cdb)) {
            case 0: {      // 8-bit length where 0 means 256
                int length = Cdbs.u8(cdb, 4);
                return length == 0 ? 256 : length;
            }
            case 1:
            case 2:
                return Cdbs.u16(cdb, 7);
            case 5:
                return Cdbs.u32(cdb, 6);
            default:
                return Cdbs.u32(cdb, 10);
        }
    }

    /** The flags (byte 1) {@link #decode} reads, without making a record; 0 for 6-byte CDBs. */
    public static int flagsOf(ByteBuffer cdb) {
        return group(cdb) == 0 ? 0 : Cdbs.u8(cdb, 1);
    }

    /** The opcode group of a block command's CDB (0, 1, 2, 4 or 5). */
    private static int group(ByteBuffer cdb) {
        int opcode = Cdbs.u8(cdb, 0);
        int group = opcode >>> 5;
        if (group == 3 || group > 5) {
            throw new IllegalArgumentException(String.format("opcode %02x is not a block command", opcode));
        }
        return group;
    }

    /** The protection field (RDPROTECT, WRPROTECT, VRPROTECT, ORPROTECT): bits 7..5 of byte 1. */
    public int protect() {
        return flags >>> 5;
    }

    /**
     * Fails with INVALID FIELD IN CDB if the protection field is set: the disk has no
     * protection information.
     */
    public void checkNoProtection() {
        checkNoProtection(flags);
    }

    /** {@link #checkNoProtection()} for the flags byte of a CDB. */
    public static void checkNoProtection(int flags) {
        if (flags >>> 5 != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 7));
        }
    }

    public boolean fua() {
        return (flags & FUA) != 0;
    }

    /**
     * Whether the range lies on a medium of {@code capacity} blocks: the LBA must be a block of
     * the medium and the range must end at or before its end, in unsigned arithmetic that cannot
     * overflow (SBC-3 §4.5). A zero-length range is checked by its LBA alone.
     */
    public boolean within(long capacity) {
        return within(lba, blocks, capacity);
    }

    /** {@link #within(long)} for a range given by its LBA and block count. */
    public static boolean within(long lba, long blocks, long capacity) {
        return Long.compareUnsigned(lba, capacity) < 0 && Long.compareUnsigned(blocks, capacity - lba) <= 0;
    }

    /**
     * Whether the range ends at or before the end of a medium of {@code capacity} blocks, in
     * overflow-safe unsigned arithmetic; unlike {@link #within}, an empty range at the end of
     * the medium passes (UNMAP block descriptors).
     */
    public boolean endsWithin(long capacity) {
        return Long.compareUnsigned(lba, capacity) <= 0 && Long.compareUnsigned(blocks, capacity - lba) <= 0;
    }
}
