package org.jtgt.testing;

import java.nio.ByteBuffer;

/** CDBs for tests. */
public final class TestCdbs {

    private TestCdbs() {
    }

    public static byte[] testUnitReady() {
        return new byte[6];
    }

    public static byte[] inquiry(int allocation) {
        return new byte[] {0x12, 0, 0, (byte) (allocation >>> 8), (byte) allocation, 0};
    }

    public static byte[] inquiryVpd(int page, int allocation) {
        return new byte[] {0x12, 1, (byte) page, (byte) (allocation >>> 8), (byte) allocation, 0};
    }

    public static byte[] read10(long lba, int blocks) {
        return tenByte(0x28, lba, blocks, 0);
    }

    public static byte[] write10(long lba, int blocks) {
        return tenByte(0x2A, lba, blocks, 0);
    }

    public static byte[] write10(long lba, int blocks, int flags) {
        return tenByte(0x2A, lba, blocks, flags);
    }

    public static byte[] read16(long lba, int blocks) {
        return sixteenByte(0x88, lba, blocks);
    }

    public static byte[] write16(long lba, int blocks) {
        return sixteenByte(0x8A, lba, blocks);
    }

    public static byte[] reportLuns(int allocation) {
        ByteBuffer b = ByteBuffer.allocate(12);
        b.put(0, (byte) 0xA0);
        b.putInt(6, allocation);
        return b.array();
    }

    public static byte[] readCapacity16(int allocation) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put(0, (byte) 0x9E).put(1, (byte) 0x10);
        b.putInt(10, allocation);
        return b.array();
    }

    private static byte[] tenByte(int opcode, long lba, int blocks, int flags) {
        ByteBuffer b = ByteBuffer.allocate(10);
        b.put(0, (byte) opcode).put(1, (byte) flags);
        b.putInt(2, (int) lba);
        b.putShort(7, (short) blocks);
        return b.array();
    }

    private static byte[] sixteenByte(int opcode, long lba, int blocks) {
        ByteBuffer b = ByteBuffer.allocate(16);
        b.put(0, (byte) opcode);
        b.putLong(2, lba);
        b.putInt(10, blocks);
        return b.array();
    }
}
