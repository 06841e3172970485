package org.jtgt.scsi;

import java.nio.ByteBuffer;

/** Big-endian field reads from CDBs and parameter data, by absolute index. Stateless. */
public final class Cdbs {

    private Cdbs() {
    }

    public static int u8(ByteBuffer b, int at) {
        return b.get(at) & 0xFF;
    }

    public static int u16(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) << 8 | b.get(at + 1) & 0xFF;
    }

    public static int u24(ByteBuffer b, int at) {
        return (b.get(at) & 0xFF) << 16 | (b.get(at + 1) & 0xFF) << 8 | b.get(at + 2) & 0xFF;
    }

    /** An unsigned 32-bit field as a long. */
    public static long u32(ByteBuffer b, int at) {
        return b.getInt(at) & 0xFFFF_FFFFL;
    }

    /** A 64-bit field (LBAs of 16-byte CDBs); compare as unsigned. */
    public static long u64(ByteBuffer b, int at) {
        return b.getLong(at);
    }
}
