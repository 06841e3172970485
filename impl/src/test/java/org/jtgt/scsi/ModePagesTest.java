package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

/** MODE SENSE and MODE SELECT: the changeable parameters, validation and its sense data. */
class ModePagesTest {

    private final AtomicInteger flushes = new AtomicInteger();
    private final TestDisk t = new TestDisk(new ForwardingStore(new MemoryStore(64 * TestDisk.BLOCK, TestDisk.BLOCK, false)) {
        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }, Runnable::run, false);
    private final Nexus other = TestDisk.nexus(2);

    ModePagesTest() {
        t.login(other);
    }

    /** MODE SENSE(6) without block descriptor of one page with page control {@code pc}; the page alone. */
    private byte[] page(int code, int pc) {
        byte[] data = t.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(1, 0x08).u8(2, pc << 6 | code).u8(4, 255)).assertGood();
        assertEquals(data.length - 1, data[0] & 0xFF);
        return Arrays.copyOfRange(data, 4, data.length);
    }

    private RecordingCommand select6(byte[]... pages) {
        return select6(0x10, new byte[4], pages);
    }

    private RecordingCommand select6(int flags, byte[] header, byte[]... pages) {
        ByteBuffer list = ByteBuffer.allocate(header.length + Arrays.stream(pages).mapToInt(p -> p.length).sum()).put(header);
        for (byte[] p : pages) {
            list.put(p);
        }
        return t.run(Cdb.of(Opcodes.MODE_SELECT_6).u8(1, flags).u8(4, list.capacity()), list.array());
    }

    private RecordingCommand select10(byte[] header, byte[] page) {
        byte[] list = ByteBuffer.allocate(header.length + page.length).put(header).put(page).array();
        return t.run(Cdb.of(Opcodes.MODE_SELECT_10).u8(1, 0x10).u16(7, list.length), list);
    }

    private static byte[] with(byte[] page, int at, int value) {
        byte[] p = page.clone();
        p[at] = (byte) value;
        return p;
    }

    private static void assertParameterPointer(SenseData sense, int byteIndex, int bit) {
        byte[] fixed = sense.toFixedFormat();
        assertEquals((byte) (0x80 | (bit >= 0 ? 0x08 | bit : 0)), fixed[15], "SKSV, parameter data, BPV and bit");
        assertEquals(byteIndex, (fixed[16] & 0xFF) << 8 | fixed[17] & 0xFF, "field pointer");
    }

    private int wp() {
        return t.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0x3F).u8(4, 255)).assertGood()[2] & 0x80;
    }

    @Test
    void theChangeableMasksAreWceDsenseAndSwp() {
        byte[] caching = new byte[20];
        caching[0] = 0x08;
        caching[1] = 18;
        caching[2] = 0x04;                                                   // WCE
        assertArrayEquals(caching, page(ModePages.CACHING, 1));
        byte[] control = new byte[12];
        control[0] = 0x0A;
        control[1] = 10;
        control[2] = 0x04;                                                   // D_SENSE
        control[4] = 0x08;                                                   // SWP
        assertArrayEquals(control, page(ModePages.CONTROL, 1));
        assertArrayEquals(with(with(new byte[12], 0, 0x1C), 1, 10), page(ModePages.INFORMATIONAL_EXCEPTIONS, 1));
    }

    @Test
    void theControlPageReportsTasAndTheDefaults() {
        byte[] control = page(ModePages.CONTROL, 0);
        assertEquals(0x40, control[5] & 0x40, "TAS");
        assertEquals(0x10, control[3] & 0xF0, "queue algorithm modifier 1");
        assertEquals(0, control[3] & 0x06, "QERR 0");
        assertEquals(0, control[2] & 0x04, "D_SENSE");
        assertEquals(0x04, page(ModePages.CACHING, 0)[2] & 0x04, "WCE");
        assertArrayEquals(control, page(ModePages.CONTROL, 2), "default = current");
        t.run(Cdb.of(Opcodes.MODE_SENSE_6).u8(2, 0xC0 | ModePages.CONTROL).u8(4, 255)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    }

    /** Every bit of every page: MODE SELECT takes it changed exactly when the mask says it is changeable. */
    @Test
    void modeSelectAcceptsExactlyWhatTheMasksSay() {
        for (int code : new int[] {ModePages.CACHING, ModePages.CONTROL, ModePages.INFORMATIONAL_EXCEPTIONS}) {
            byte[] current = page(code, 0);
            byte[] mask = page(code, 1);
            for (int i = 2; i < current.length; i++) {
                for (int bit = 0; bit < 8; bit++) {
                    RecordingCommand c = select6(with(current, i, current[i] ^ 1 << bit));
                    if ((mask[i] & 1 << bit) != 0) {
                        c.assertGood();
                        select6(current).assertGood();
                    } else {
                        assertParameterPointer(c.assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 4 + i, bit);
                    }
                }
            }
            assertArrayEquals(current, page(code, 0));
        }
    }

    @Test
    void softwareWriteProtectRefusesWritesAndSetsWp() {
        byte[] control = page(ModePages.CONTROL, 0);
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 1)).assertGood();
        select6(with(control, 4, control[4] | 0x08)).assertGood();
        assertEquals(0x80, wp());
        t.run(Cdb.block(Opcodes.READ_10, 0, 1)).assertGood();
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 2)).assertCheck(SenseKey.DATA_PROTECT, 0x27, 0x02);
        t.run(Cdb.block(Opcodes.WRITE_SAME_16, 0, 1), TestDisk.filled(1, 2)).assertCheck(SenseKey.DATA_PROTECT, 0x27, 0x02);
        assertEquals(1, t.get(0, 1)[0]);
        t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertCheck(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
        t.run(other, Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 2)).assertCheck(SenseKey.DATA_PROTECT, 0x27, 0x02);
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertGood();                // the issuer is not told
        select6(control).assertGood();
        assertEquals(0, wp());
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 2)).assertGood();
    }

    @Test
    void descriptorSenseFollowsDsense() {
        assertFalse(t.disk.descriptorSense());
        byte[] control = page(ModePages.CONTROL, 0);
        select6(with(control, 2, 0x04)).assertGood();
        assertTrue(t.disk.descriptorSense());
        select6(control).assertGood();
        assertFalse(t.disk.descriptorSense());
    }

    @Test
    void withTheWriteCacheDisabledEveryWriteIsFlushed() {
        byte[] caching = page(ModePages.CACHING, 0);
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 1)).assertGood();
        assertEquals(0, flushes.get());
        select6(with(caching, 2, 0)).assertGood();
        t.run(Cdb.block(Opcodes.WRITE_10, 0, 1), TestDisk.filled(1, 1)).assertGood();
        t.run(Cdb.block(Opcodes.WRITE_SAME_10, 0, 4), TestDisk.filled(1, 1)).assertGood();
        t.run(Cdb.block(Opcodes.ORWRITE_16, 0, 1), TestDisk.filled(1, 1)).assertGood();
        assertEquals(3, flushes.get());
        t.disk.reset(ResetKind.LOGICAL_UNIT, other);
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY));
        assertEquals(0x04, page(ModePages.CACHING, 0)[2], "a reset restores the defaults");
    }

    @Test
    void theSameValuesAgainTellNobody() {
        select6(page(ModePages.CONTROL, 0), page(ModePages.CACHING, 0)).assertGood();
        t.run(other, Cdb.of(Opcodes.TEST_UNIT_READY), null).assertGood();
    }

    @Test
    void badParameterListsChangeNothing() {
        byte[] control = page(ModePages.CONTROL, 0);
        byte[] swp = with(control, 4, 0x08);
        byte[] caching = page(ModePages.CACHING, 0);
        // an unknown page after a good one: nothing applied
        assertParameterPointer(select6(swp, with(caching, 0, 0x07)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 4 + 12, 5);
        assertParameterPointer(select6(swp, with(caching, 1, 0x10)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 4 + 12 + 1, -1);
        assertParameterPointer(select6(with(swp, 0, 0x40 | ModePages.CONTROL)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 4, 6);
        select6(swp, Arrays.copyOf(caching, 10)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        select6(swp, new byte[] {0x08}).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        assertParameterPointer(select6(0x10, new byte[] {0, 1, 0, 0}, swp).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 1, -1);
        assertEquals(0, wp(), "SWP is still clear");

        select6(0x11, new byte[4], swp).assertInvalidField();                // SP: no saved pages
        select6(0x00, new byte[4], swp).assertInvalidField();                // pages need PF
        t.run(Cdb.of(Opcodes.MODE_SELECT_6).u8(1, 0x10).u8(4, 2), new byte[2]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(Cdb.of(Opcodes.MODE_SELECT_6).u8(1, 0x10).u8(4, 16), new byte[8]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(Cdb.of(Opcodes.MODE_SELECT_6).u8(1, 0x10)).assertGood();      // an empty list
        select6(0x00, new byte[4]).assertGood();                             // a header alone
        assertEquals(0, wp());
    }

    @Test
    void blockDescriptorsMustDescribeThisMedium() {
        byte[] control = page(ModePages.CONTROL, 0);
        byte[] header = {0, 0, 0, 8, 0, 0, 0, 64, 0, 0, 0x02, 0};            // 64 blocks of 512
        select6(0x10, header, control).assertGood();
        select6(0x10, with(header, 7, 0), control).assertGood();             // zero blocks: no change
        assertParameterPointer(select6(0x10, with(header, 7, 63), control).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 4, -1);
        assertParameterPointer(select6(0x10, with(header, 10, 0x10), control).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 9, -1);
        assertParameterPointer(select6(0x10, with(header, 3, 4), control).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 3, -1);

        byte[] longHeader = new byte[8 + 16];
        longHeader[4] = 1;                                                   // LONGLBA
        longHeader[7] = 16;
        longHeader[8 + 7] = 64;
        longHeader[8 + 14] = 0x02;
        select10(longHeader, control).assertGood();
        assertParameterPointer(select10(with(longHeader, 7, 8), control).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00), 6, -1);
        select10(new byte[8], with(control, 4, 0x08)).assertGood();
        assertEquals(0x80, wp());
    }
}
