package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jtgt.api.Nexus;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

/** Sweeps over every command that writes or addresses blocks: write protection and overflow-safe ranges. */
class WriteProtectionAndRangeTest {

    /** Every write-type command with a valid CDB and data-out at LBA 2, in an order in which each succeeds. */
    private static List<Object[]> writes() {
        byte[] two = filled(2, 0x5A);
        byte[] one = filled(1, 0x5A);
        return List.of(
                new Object[] {Cdb.of(Opcodes.WRITE_6).u8(3, 2).u8(4, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_10, 2, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_12, 2, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_16, 2, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_AND_VERIFY_10, 2, 2).u8(1, 0x02), two},
                new Object[] {Cdb.block(Opcodes.WRITE_AND_VERIFY_12, 2, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_AND_VERIFY_16, 2, 2), two},
                new Object[] {Cdb.block(Opcodes.WRITE_SAME_10, 2, 2), one},
                new Object[] {Cdb.block(Opcodes.WRITE_SAME_10, 2, 2).u8(1, 0x08), new byte[BLOCK]},
                new Object[] {Cdb.block(Opcodes.WRITE_SAME_16, 2, 2), one},
                new Object[] {Cdb.block(Opcodes.WRITE_SAME_16, 2, 2).u8(1, 0x09), null},
                new Object[] {Cdb.block(Opcodes.ORWRITE_16, 2, 2), two},
                new Object[] {Cdb.of(Opcodes.COMPARE_AND_WRITE).u64(2, 2).u8(13, 1), two},
                new Object[] {AtomicWriteTest.atomic(2, 2), two},
                new Object[] {CopyList.cdb(76), CopyList.of(0, 3).cscd(CopyList.naa(TestDisk.memory(1)), BLOCK).segment(0, 0, 2, 0, 2).bytes()},
                new Object[] {ProvisioningTest.unmapCdb(24), ProvisioningTest.unmapList(2, 2)});
    }

    @Test
    void everyWriteIsRefusedOnAReadOnlyDiskAndChangesNothing() {
        for (boolean storeReadOnly : new boolean[] {false, true}) {
            MemoryStore store = new MemoryStore(64L * BLOCK, BLOCK, false);
            TestDisk setup = new TestDisk(store, Runnable::run, false);
            setup.put(0, filled(8, 0xA1));
            TestDisk ro = storeReadOnly ? new TestDisk(new ForwardingStore(store) {
                @Override
                public boolean readOnly() {
                    return true;
                }
            }, Runnable::run, false) : new TestDisk(store, Runnable::run, true);
            for (Object[] w : writes()) {
                ro.run((Cdb) w[0], (byte[]) w[1]).assertWriteProtected();
            }
            assertArrayEquals(filled(8, 0xA1), ro.get(0, 8));
            byte[] mode = ro.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255)).assertGood();
            assertArrayEquals(new byte[] {(byte) 0x90}, new byte[] {mode[2]}, "WP and DPOFUA");
        }
    }

    @Test
    void readOnlyCanBeSetLiveAndEveryNexusIsTold() {
        TestDisk t = TestDisk.memory(64);
        Nexus other = TestDisk.nexus(2);
        t.login(other);
        t.disk.setReadOnly(true);
        assertTrue(t.disk.readOnly());
        for (Nexus n : new Nexus[] {RecordingCommand.NEXUS, other}) {
            t.run(n, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
        }
        for (Object[] w : writes()) {
            t.run((Cdb) w[0], (byte[]) w[1]).assertWriteProtected();
        }
        assertEquals(0x80, t.run(Cdb.of(Opcodes.MODE_SENSE_10).u8(2, 0x3F).u16(7, 255)).assertGood()[3] & 0x80, "WP");
        t.disk.setReadOnly(true);
        t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();   // no change, nothing to tell
        t.disk.setReadOnly(false);
        t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
        assertEquals(0, t.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255)).assertGood()[2] & 0x80, "WP");
        for (Object[] w : writes()) {
            t.run((Cdb) w[0], (byte[]) w[1]).assertGood();
        }
    }

    @Test
    void aDiskOverAReadOnlyStoreStaysReadOnly() {
        TestDisk t = new TestDisk(new ForwardingStore(new MemoryStore(64L * BLOCK, BLOCK, false)) {
            @Override
            public boolean readOnly() {
                return true;
            }
        }, Runnable::run, false);
        assertThrows(IllegalStateException.class, () -> t.disk.setReadOnly(false));
        t.disk.setReadOnly(true);
        assertTrue(t.disk.readOnly());
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
    }

    @Test
    void everyWriteWorksOnAWritableDisk() {
        TestDisk t = TestDisk.memory(64);
        for (Object[] w : writes()) {
            t.run((Cdb) w[0], (byte[]) w[1]).assertGood();
        }
    }

    /** LBAs and lengths whose sum wraps a 32- or 64-bit integer, or that lie just past the end. */
    @Test
    void everyRangeCheckIsOverflowSafe() {
        TestDisk t = TestDisk.memory(1024);
        long[][] ranges = {{1024, 1}, {1023, 2}, {-1L, 1}, {-1L, 2}, {1L << 63, 1}, {Long.MAX_VALUE, 2}, {2, 0xFFFF_FFFFL},
            {-0xFFFF_FFFFL, 0xFFFF_FFFFL}};
        int[] sixteen = {Opcodes.READ_16, Opcodes.WRITE_16, Opcodes.VERIFY_16, Opcodes.WRITE_AND_VERIFY_16, Opcodes.WRITE_SAME_16,
            Opcodes.ORWRITE_16, Opcodes.PRE_FETCH_16, Opcodes.SYNCHRONIZE_CACHE_16};
        for (long[] r : ranges) {
            for (int op : sixteen) {
                t.run(Cdb.block(op, r[0], r[1]), filled(1, 0)).assertOutOfRange();
            }
            if (r[1] <= 0xFFFF) {
                t.run(AtomicWriteTest.atomic(r[0], (int) r[1]), filled((int) r[1], 0)).assertOutOfRange();
            }
            if (r[1] <= 0xFF) {
                t.run(Cdb.of(Opcodes.COMPARE_AND_WRITE).u64(2, r[0]).u8(13, (int) r[1]), new byte[(int) (2 * r[1] * BLOCK)]).assertOutOfRange();
            }
            if (r[0] != 1024 && r[0] != 1023) {
                t.run(Cdb.of(Opcodes.UNMAP).u16(7, 24), ProvisioningTest.unmapList(r[0], r[1])).assertOutOfRange();
            }
        }
        int[] ten = {Opcodes.READ_10, Opcodes.WRITE_10, Opcodes.VERIFY_10, Opcodes.WRITE_AND_VERIFY_10, Opcodes.WRITE_SAME_10,
            Opcodes.PRE_FETCH_10, Opcodes.SYNCHRONIZE_CACHE_10, Opcodes.READ_12, Opcodes.WRITE_12, Opcodes.VERIFY_12,
            Opcodes.WRITE_AND_VERIFY_12};
        for (int op : ten) {
            t.run(Cdb.block(op, 0xFFFF_FFFFL, 1), filled(1, 0)).assertOutOfRange();
            t.run(Cdb.block(op, 1023, 2), filled(2, 0)).assertOutOfRange();
            t.run(Cdb.block(op, 1024, 0)).assertOutOfRange();
        }
        t.run(Cdb.block(Opcodes.READ_12, 0xFFFF_FFF0L, 0xFFFF_FFFFL)).assertOutOfRange();
        assertArrayEquals(new byte[8 * BLOCK], t.get(1016, 8), "nothing was written");
    }
}
