package org.jtgt.scsi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Builds EXTENDED COPY(LID1) parameter lists and CDBs for tests, field by field. */
final class CopyList {

    private final int listId;
    private final int usage;
    private final ByteArrayOutputStream cscds = new ByteArrayOutputStream();
    private final ByteArrayOutputStream segments = new ByteArrayOutputStream();
    private int inline;

    private CopyList(int listId, int usage) {
        this.listId = listId;
        this.usage = usage;
    }

    /** A list with the given LIST IDENTIFIER and LIST ID USAGE (0 hold, 2 discard, 3 none). */
    static CopyList of(int listId, int usage) {
        return new CopyList(listId, usage);
    }

    /** The first logical unit designator (NAA) of the disk's VPD page 0x83: code set, type, value. */
    static byte[] naa(TestDisk t) {
        return designator(t, 0);
    }

    /** The disk's {@code n}th designation descriptor of VPD page 0x83, whole (4-byte header and value). */
    static byte[] designator(TestDisk t, int n) {
        ByteBuffer page = ByteBuffer.wrap(t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0x83).u16(3, 255)).assertGood());
        int at = 4;
        for (int i = 0; i < n; i++) {
            at += 4 + (page.get(at + 3) & 0xFF);
        }
        return Arrays.copyOfRange(page.array(), at, at + 4 + (page.get(at + 3) & 0xFF));
    }

    /** An identification descriptor CSCD descriptor for a designation descriptor, a block device of {@code blockSize}. */
    CopyList cscd(byte[] designator, int blockSize) {
        return cscd(0xE4, 0x00, designator, blockSize);
    }

    /** A CSCD descriptor of any type; {@code byte1} holds LU ID TYPE, NUL and PERIPHERAL DEVICE TYPE. */
    CopyList cscd(int type, int byte1, byte[] designator, int blockSize) {
        byte[] d = new byte[32];
        d[0] = (byte) type;
        d[1] = (byte) byte1;
        d[4] = (byte) (designator[0] & 0x0F);                 // code set only, as libiscsi sends it
        d[5] = (byte) (designator[1] & 0x3F);                 // association and type, no PIV
        d[7] = designator[3];
        System.arraycopy(designator, 4, d, 8, Math.min(designator[3] & 0xFF, 20));
        d[29] = (byte) (blockSize >>> 16);
        d[30] = (byte) (blockSize >>> 8);
        d[31] = (byte) blockSize;
        cscds.writeBytes(d);
        return this;
    }

    /** Raw bytes in the CSCD descriptor list. */
    CopyList cscdBytes(byte[] bytes) {
        cscds.writeBytes(bytes);
        return this;
    }

    /** A block device to block device segment descriptor. */
    CopyList segment(int source, int destination, int blocks, long sourceLba, long destinationLba) {
        ByteBuffer d = ByteBuffer.allocate(28);
        d.put(0, (byte) 0x02).putShort(2, (short) 0x18).putShort(4, (short) source).putShort(6, (short) destination);
        d.putShort(10, (short) blocks).putLong(12, sourceLba).putLong(20, destinationLba);
        segments.writeBytes(d.array());
        return this;
    }

    /** Raw bytes in the segment descriptor list. */
    CopyList segmentBytes(byte[] bytes) {
        segments.writeBytes(bytes);
        return this;
    }

    /** Announces (and appends) {@code n} bytes of inline data. */
    CopyList inline(int n) {
        inline = n;
        return this;
    }

    byte[] bytes() {
        ByteBuffer b = ByteBuffer.allocate(16 + cscds.size() + segments.size() + inline);
        b.put((byte) listId).put((byte) (usage << 3)).putShort((short) cscds.size()).putInt(0);
        b.putInt(segments.size()).putInt(inline);
        b.put(cscds.toByteArray()).put(segments.toByteArray());
        return b.array();
    }

    /** The EXTENDED COPY(LID1) CDB for a parameter list of {@code length} bytes. */
    static Cdb cdb(long length) {
        return Cdb.of(Opcodes.EXTENDED_COPY).u32(10, length);
    }

    /** RECEIVE COPY RESULTS with a service action, list identifier and allocation length. */
    static Cdb results(int serviceAction, int listId, long allocation) {
        return Cdb.of(Opcodes.RECEIVE_COPY_RESULTS).u8(1, serviceAction).u8(2, listId).u32(10, allocation);
    }
}
