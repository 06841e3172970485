package org.jtgt.scsi;

import java.nio.ByteBuffer;

/** Builds CDBs for tests: big-endian fields at absolute indexes of a zeroed CDB. */
final class Cdb {

    private final ByteBuffer b;

    private Cdb(int length, int opcode) {
        b = ByteBuffer.allocate(length);
        b.put(0, (byte) opcode);
    }

    /** A CDB of the length the opcode's group implies (6, 10, 12 or 16 bytes). */
    static Cdb of(int opcode) {
        switch (opcode >>> 5) {
            case 0:
                return new Cdb(6, opcode);
            case 1:
            case 2:
                return new Cdb(10, opcode);
            case 5:
                return new Cdb(12, opcode);
            default:
                return new Cdb(16, opcode);
        }
    }

    Cdb u8(int at, int v) {
        b.put(at, (byte) v);
        return this;
    }

    Cdb u16(int at, int v) {
        b.putShort(at, (short) v);
        return this;
    }

    Cdb u32(int at, long v) {
        b.putInt(at, (int) v);
        return this;
    }

    Cdb u64(int at, long v) {
        b.putLong(at, v);
        return this;
    }

    /** A block command: LBA and transfer length where the opcode's group puts them. */
    static Cdb block(int opcode, long lba, long blocks) {
        Cdb c = of(opcode);
        switch (opcode >>> 5) {
            case 1:
            case 2:
                return c.u32(2, lba).u16(7, (int) blocks);
            case 5:
                return c.u32(2, lba).u32(6, blocks);
            case 4:
                return c.u64(2, lba).u32(10, blocks);
            default:
                throw new IllegalArgumentException("not a 10/12/16-byte block opcode: " + opcode);
        }
    }

    byte[] bytes() {
        return b.array().clone();
    }
}
