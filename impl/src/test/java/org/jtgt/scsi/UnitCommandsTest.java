package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

class UnitCommandsTest {

    private final AtomicInteger flushes = new AtomicInteger();
    private final TestDisk t = new TestDisk(new ForwardingStore(new MemoryStore(64 * TestDisk.BLOCK, TestDisk.BLOCK, false)) {
        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }, Runnable::run, false);

    @Test
    void testUnitReadyAndRequestSense() {
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
        byte[] fixed = t.run(Cdb.of(Opcodes.REQUEST_SENSE).u8(4, 252)).assertGood();
        assertEquals(18, fixed.length);
        assertEquals(0x70, fixed[0]);
        assertEquals(0, fixed[2]);
        assertEquals(0x72, t.run(Cdb.of(Opcodes.REQUEST_SENSE).u8(1, 1).u8(4, 252)).assertGood()[0]);
    }

    @Test
    void stopFlushesUnlessNoFlush() {
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x00)).assertGood();
        assertEquals(1, flushes.get(), "stop");
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x04)).assertGood();
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(1, 1).u8(4, 0x01)).assertGood();
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x30)).assertGood();
        assertEquals(1, flushes.get(), "NO_FLUSH, start, power condition");
    }

    @Test
    void ejectOfANonRemovableDiskChangesNothing() {
        byte[] data = TestDisk.pattern(1, 3);
        t.put(0, data);
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(1, 1).u8(4, 0x02)).assertGood();
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();
        assertArrayEquals(data, t.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertGood());
        t.run(Cdb.of(Opcodes.START_STOP_UNIT).u8(4, 0x03)).assertGood();
    }

    @Test
    void preventAllowAcceptsPreventAndAllow() {
        t.run(Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).u8(4, 1)).assertGood();
        t.run(Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).u8(4, 0)).assertGood();
        byte[] pointer = t.run(Cdb.of(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL).u8(4, 2)).assertInvalidField().toFixedFormat();
        assertEquals(4, pointer[17]);
    }

    @Test
    void readDefectDataReportsEmptyLists() {
        assertArrayEquals(new byte[] {0, 0x1D, 0, 0}, t.run(Cdb.of(Opcodes.READ_DEFECT_DATA_10).u8(2, 0x1D).u16(7, 32)).assertGood());
        assertArrayEquals(new byte[] {0, 0x00}, t.run(Cdb.of(Opcodes.READ_DEFECT_DATA_10).u16(7, 2)).assertGood());
        assertArrayEquals(new byte[] {0, 0x0B, 0, 0, 0, 0, 0, 0}, t.run(Cdb.of(Opcodes.READ_DEFECT_DATA_12).u8(1, 0x0B).u32(6, 32)).assertGood());
    }

    @Test
    void preFetchChecksItsRangeAndReportsGood() {
        for (int n : new int[] {1, 16, 64}) {
            t.run(Cdb.block(Opcodes.PRE_FETCH_10, 64 - n, n).u8(1, 0x02).u8(6, 3)).assertGood();
            t.run(Cdb.block(Opcodes.PRE_FETCH_16, 0, n)).assertGood();
        }
        t.run(Cdb.block(Opcodes.PRE_FETCH_10, 0, 0)).assertGood();
        t.run(Cdb.block(Opcodes.PRE_FETCH_10, 64, 0)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.PRE_FETCH_10, 63, 2)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.PRE_FETCH_16, 1L << 63, 1)).assertOutOfRange();
        t.run(Cdb.block(Opcodes.PRE_FETCH_16, -1L, 0)).assertOutOfRange();
    }
}
