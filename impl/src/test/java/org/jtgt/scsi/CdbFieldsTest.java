package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.BitSet;
import java.util.List;
import org.jtgt.scsi.CdbFields.Access;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Operation names, block ranges and access kinds decoded from CDBs of every layout. */
class CdbFieldsTest {

    private static CdbFields decode(Cdb cdb) {
        return CdbFields.decode(ByteBuffer.wrap(cdb.bytes()));
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource({
        "0x28, READ(10), READ", "0x2A, WRITE(10), WRITE", "0x2E, WRITE AND VERIFY(10), WRITE", "0x2F, VERIFY(10), VERIFY",
        "0xA8, READ(12), READ", "0xAA, WRITE(12), WRITE", "0xAE, WRITE AND VERIFY(12), WRITE", "0xAF, VERIFY(12), VERIFY",
        "0x88, READ(16), READ", "0x8A, WRITE(16), WRITE", "0x8E, WRITE AND VERIFY(16), WRITE", "0x8F, VERIFY(16), VERIFY",
        "0x8B, ORWRITE(16), WRITE", "0x35, SYNCHRONIZE CACHE(10), FLUSH", "0x91, SYNCHRONIZE CACHE(16), FLUSH",
        "0x41, WRITE SAME(10), WRITE", "0x93, WRITE SAME(16), WRITE", "0x34, PRE-FETCH(10), OTHER"})
    void blockCommandsOfEveryLengthDecodeTheirRange(String opcode, String name, Access access) {
        int op = Integer.decode(opcode);
        CdbFields f = decode(Cdb.block(op, 1000, 8));
        assertEquals(op, f.opcode());
        assertEquals(name, f.name());
        assertEquals(access, f.access());
        assertEquals(List.of(new LbaRange(1000, 8)), f.ranges());
        assertEquals(1000, f.lba());
        assertEquals(8, f.blocks());
        assertTrue(f.touches(1007, 2000));
        assertFalse(f.touches(1008, 2000));
        assertFalse(f.touches(0, 999));
    }

    @Test
    void sixByteCommandsHaveTwentyOneBitLbasAndZeroMeans256() {
        CdbFields read = decode(Cdb.of(0x08).u8(1, 0xE1).u16(2, 0x0203).u8(4, 0));
        assertEquals("READ(6)", read.name());
        assertEquals(new LbaRange(0x010203, 256), read.ranges().get(0));
        CdbFields write = decode(Cdb.of(0x0A).u8(3, 9).u8(4, 1));
        assertEquals(Access.WRITE, write.access());
        assertEquals(new LbaRange(9, 1), write.ranges().get(0));
    }

    @Test
    void zeroBlocksReachTheEndOfTheMediumOnlyWhereSbcSaysSo() {
        assertEquals(LbaRange.TO_END, decode(Cdb.block(0x35, 0, 0)).blocks(), "SYNCHRONIZE CACHE: all of the medium");
        assertEquals(LbaRange.TO_END, decode(Cdb.block(0x93, 64, 0)).blocks(), "WRITE SAME(16)");
        assertTrue(decode(Cdb.block(0x93, 64, 0)).touches(1L << 40, 1L << 40));
        CdbFields read = decode(Cdb.block(0x28, 64, 0));
        assertEquals(0, read.blocks(), "READ(10) of no blocks reads nothing");
        assertFalse(read.touches(0, Long.MAX_VALUE));
    }

    @Test
    void compareAndWriteAndWriteAtomicHaveTheirOwnLayouts() {
        CdbFields caw = decode(Cdb.of(0x89).u8(1, 0x08).u64(2, 5000).u8(13, 2));
        assertEquals("COMPARE AND WRITE", caw.name());
        assertEquals(new LbaRange(5000, 2), caw.ranges().get(0));
        assertTrue(caw.fua());
        CdbFields atomic = decode(Cdb.of(0x9C).u64(2, 77).u16(10, 0).u16(12, 16));
        assertEquals("WRITE ATOMIC(16)", atomic.name());
        assertEquals(new LbaRange(77, 16), atomic.ranges().get(0));
        assertFalse(atomic.fua());
    }

    @Test
    void fuaIsAWriteFlag() {
        assertTrue(decode(Cdb.block(0x2A, 0, 1).u8(1, 0x08)).fua());
        assertFalse(decode(Cdb.block(0x28, 0, 1).u8(1, 0x08)).fua(), "FUA on a read is not a durable write");
    }

    @Test
    void unmapRangesComeFromItsParameterList() {
        ByteBuffer cdb = ByteBuffer.wrap(Cdb.of(0x42).u16(7, 40).bytes());
        CdbFields blind = CdbFields.decode(cdb);
        assertEquals(Access.UNMAP, blind.access());
        assertFalse(blind.rangesKnown());
        assertEquals("UNMAP ranges unknown", blind.toString());
        ByteBuffer list = ByteBuffer.allocate(40);
        list.putShort(0, (short) 38).putShort(2, (short) 32);
        list.putLong(8, 100).putInt(16, 10);
        list.putLong(24, 4000).putInt(32, 1);
        CdbFields f = CdbFields.decode(cdb, list);
        assertTrue(f.rangesKnown());
        assertEquals(List.of(new LbaRange(100, 10), new LbaRange(4000, 1)), f.ranges());
        assertTrue(f.touches(4000, 4000));
        assertFalse(f.touches(110, 3999));
        ByteBuffer truncated = list.slice(0, 30);
        assertEquals(List.of(new LbaRange(100, 10)), CdbFields.decode(cdb, truncated).ranges(), "only whole descriptors");
    }

    @Test
    void otherCommandsAddressNoBlocks() {
        CdbFields inquiry = decode(Cdb.of(0x12).u16(3, 96));
        assertEquals("INQUIRY", inquiry.name());
        assertEquals(-1, inquiry.lba());
        assertTrue(inquiry.ranges().isEmpty());
        assertEquals("READ CAPACITY(16)", decode(Cdb.of(0x9E).u8(1, 0x10)).name());
        assertEquals("REPORT SUPPORTED OPERATION CODES", decode(Cdb.of(0xA3).u8(1, 0x0C)).name());
        assertEquals("SANITIZE", decode(Cdb.of(0x48).u8(1, 0x01)).name(), "named for the journal and fault rules; the whole medium, not a range");
        assertEquals("OPERATION 0xC1", decode(Cdb.of(0xC1)).name());
    }

    @Test
    void malformedCdbsDecodeToNothingWithoutThrowing() {
        assertTrue(CdbFields.decode(ByteBuffer.wrap(new byte[] {0x28, 0, 0})).ranges().isEmpty(), "too short for READ(10)");
        assertEquals(-1, CdbFields.decode(ByteBuffer.allocate(0)).opcode());
        assertTrue(decode(Cdb.block(0x88, -5, 1)).ranges().isEmpty(), "an LBA beyond 2^63 addresses no real medium");
    }

    @Test
    void namesFamiliesAndCodesSelectOpcodes() {
        assertEquals(set(0x08, 0x28, 0x88, 0xA8), CdbFields.opcodes("READ"));
        assertEquals(set(0x28), CdbFields.opcodes("read(10)"));
        assertEquals(set(0x28), CdbFields.opcodes("READ_10"));
        assertEquals(set(0x35, 0x91), CdbFields.opcodes("synchronize-cache"));
        assertEquals(set(0x41, 0x93), CdbFields.opcodes("WRITE_SAME"));
        assertEquals(set(0x25, 0x9E), CdbFields.opcodes("READ CAPACITY"));
        assertEquals(set(0x2A), CdbFields.opcodes("0x2a"));
        assertEquals(set(0x2A), CdbFields.opcodes("2Ah"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CdbFields.opcodes("REED"));
        assertTrue(e.getMessage().contains("unknown operation 'REED'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CdbFields.opcodes("0x123"));
    }

    private static BitSet set(int... opcodes) {
        BitSet b = new BitSet(256);
        for (int op : opcodes) {
            b.set(op);
        }
        return b;
    }
}
