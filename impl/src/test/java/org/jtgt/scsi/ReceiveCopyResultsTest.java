package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

class ReceiveCopyResultsTest {

    private static final Nexus OTHER = new Nexus("iqn.2026-11.org.jtgt:other-initiator", "400001370001", "iqn.2026-11.org.jtgt:disk0", 1);

    private final TestDisk t = TestDisk.memory(16384);
    private final byte[] naa = CopyList.naa(t);

    private byte[] list(int listId, int usage, int blocks, long source, long destination) {
        return CopyList.of(listId, usage).cscd(naa, BLOCK).segment(0, 0, blocks, source, destination).bytes();
    }

    private RecordingCommand status(int listId) {
        return t.run(CopyList.results(Opcodes.SA_COPY_STATUS, listId, 1024));
    }

    private RecordingCommand details(int listId, long allocation) {
        return t.run(CopyList.results(Opcodes.SA_FAILED_SEGMENT_DETAILS, listId, allocation));
    }

    /** INVALID FIELD IN CDB pointing at LIST IDENTIFIER (not at the service action). */
    private static void assertUnknownList(RecordingCommand c) {
        byte[] fixed = c.assertInvalidField().toFixedFormat();
        assertEquals((byte) 0xC0, fixed[15], "SKSV, C/D");
        assertEquals(2, fixed[17]);
    }

    @Test
    void operatingParametersAreWhatTheCopyManagerAccepts() {
        byte[] data = t.run(CopyList.results(Opcodes.SA_OPERATING_PARAMETERS, 0, 1024)).assertGood();
        assertEquals("0000002a" + "01000000" + "0004" + "0001" + "00000400" + "00800000" + "00000000" + "00000000" + "00000000"
                + "0000" + "00ff" + "ff" + "09" + "00" + "00" + "000000" + "02" + "02e4", HexFormat.of().formatHex(data));
        assertEquals(8, t.run(CopyList.results(Opcodes.SA_OPERATING_PARAMETERS, 0, 8)).assertGood().length, "allocation length");
        TestDisk big = new TestDisk(new MemoryStore(1L << 20, 4096, false), Runnable::run, false);
        assertEquals(12, big.run(CopyList.results(Opcodes.SA_OPERATING_PARAMETERS, 0, 1024)).assertGood()[37], "4096-byte data segment granularity");
    }

    @Test
    void thirdPartyCopyPageAgreesWithTheOperatingParametersAndTheCommandTable() {
        byte[] standard = t.run(Cdb.of(Opcodes.INQUIRY).u16(3, 96)).assertGood();
        assertEquals(0x08, standard[5] & 0x08, "3PC");
        byte[] pages = t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0x00).u16(3, 255)).assertGood();
        assertTrue(HexFormat.of().formatHex(pages).contains("83868fb0"), "0x8F listed in order");

        ByteBuffer page = ByteBuffer.wrap(t.run(Cdb.of(Opcodes.INQUIRY).u8(1, 1).u8(2, 0x8F).u16(3, 1024)).assertGood());
        assertEquals(0x8F, page.get(1) & 0xFF);
        assertEquals(page.limit() - 4, page.getShort(2), "PAGE LENGTH");
        ByteBuffer params = ByteBuffer.wrap(t.run(CopyList.results(Opcodes.SA_OPERATING_PARAMETERS, 0, 1024)).assertGood());
        Map<Integer, ByteBuffer> descriptors = new LinkedHashMap<>();
        for (int at = 4; at < page.limit(); at += 4 + page.getShort(at + 2)) {
            assertEquals(0, (4 + page.getShort(at + 2)) % 4, "padded to four bytes");
            descriptors.put(page.getShort(at) & 0xFFFF, page.slice(at, 4 + page.getShort(at + 2)));
        }
        assertEquals(Set.of(0x0001, 0x0004, 0x0008, 0x000C, 0x8001), descriptors.keySet());

        ByteBuffer commands = descriptors.get(0x0001);
        Set<String> listed = new TreeSet<>();
        for (int at = 5; at < 5 + commands.get(4);) {
            int opcode = commands.get(at) & 0xFF;
            for (int i = 0; i < commands.get(at + 1); i++) {
                listed.add(String.format("%02x/%02x", opcode, commands.get(at + 2 + i)));
            }
            at += 2 + commands.get(at + 1);
        }
        Set<String> table = new TreeSet<>();
        for (int op : new int[] {Opcodes.EXTENDED_COPY, Opcodes.RECEIVE_COPY_RESULTS}) {
            for (int sa = 0; sa < 32; sa++) {
                byte[] one = t.run(Cdb.of(Opcodes.MAINTENANCE_IN).u8(1, Opcodes.SA_REPORT_SUPPORTED_OPERATION_CODES).u8(2, 2).u8(3, op)
                        .u16(4, sa).u32(6, 255)).assertGood();
                if ((one[1] & 0x07) == 3) {
                    table.add(String.format("%02x/%02x", op, sa));
                }
            }
        }
        assertEquals(table, listed, "the page lists exactly the third-party copy commands the disk executes");

        ByteBuffer data = descriptors.get(0x0004);
        assertEquals(params.getShort(8), data.getShort(8), "MAXIMUM CSCD DESCRIPTOR COUNT");
        assertEquals(params.getShort(10), data.getShort(10), "MAXIMUM SEGMENT DESCRIPTOR COUNT");
        assertEquals(params.getInt(12), data.getInt(12), "MAXIMUM DESCRIPTOR LIST LENGTH");
        assertEquals(params.getInt(20), data.getInt(16), "MAXIMUM INLINE DATA LENGTH");
        ByteBuffer supported = descriptors.get(0x0008);
        assertEquals(params.get(43), supported.get(4));
        assertEquals(params.getShort(44), supported.getShort(5), "02h, E4h");
        assertEquals(0, descriptors.get(0x000C).getShort(4), "no CSCD descriptor IDs beyond the list indexes");
        ByteBuffer general = descriptors.get(0x8001);
        assertEquals(params.getShort(34), general.getInt(4), "TOTAL CONCURRENT COPIES");
        assertEquals(params.get(36) & 0xFF, general.getInt(8), "MAXIMUM IDENTIFIED CONCURRENT COPIES");
        assertEquals(params.getInt(16), general.getInt(12), "MAXIMUM SEGMENT LENGTH");
        assertEquals(params.get(37), general.get(16), "DATA SEGMENT GRANULARITY");
    }

    @Test
    void theStatusOfAHeldCopyIsReturnedOnce() {
        assertUnknownList(status(7));
        t.put(0, filled(10, 1));
        ExtendedCopyTest.copy(t, list(7, CopyParameterList.HOLD, 10, 0, 100)).assertGood();
        assertEquals("00000000", HexFormat.of().formatHex(details(7, 1024).assertGood()), "no failed segment");
        assertEquals("00000008" + "01" + "0001" + "f1" + "0000000a", HexFormat.of().formatHex(status(7).assertGood()));
        assertUnknownList(status(7));
        assertUnknownList(details(7, 1024));
        assertUnknownList(status(8));
    }

    @Test
    void copiesThatHoldNothingLeaveNothing() {
        ExtendedCopyTest.copy(t, list(7, CopyParameterList.DISCARD, 1, 0, 1)).assertGood();
        assertUnknownList(status(7));
        ExtendedCopyTest.copy(t, list(0, CopyParameterList.NO_LIST_ID, 1, 0, 1)).assertGood();
        assertUnknownList(status(0));
        ExtendedCopyTest.copy(t, CopyList.of(7, CopyParameterList.HOLD).cscdBytes(new byte[32]).bytes()).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x07);
        assertUnknownList(status(7));
    }

    @Test
    void aFailedCopyHoldsItsStatusAndSenseData() {
        byte[] missing = CopyList.of(9, CopyParameterList.HOLD).cscd(naa, BLOCK).segment(0, 3, 1, 0, 1).bytes();
        ExtendedCopyTest.copy(t, missing).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        byte[] partial = details(9, 8).assertGood();
        assertEquals("0000004a" + "00000000", HexFormat.of().formatHex(partial), "AVAILABLE DATA is not cut by the allocation length");
        assertEquals("00000008" + "02" + "0000" + "f1" + "00000000", HexFormat.of().formatHex(status(9).assertGood()));
        byte[] whole = details(9, 1024).assertGood();
        assertEquals(4 + 0x4A, whole.length);
        assertEquals(0x02, whole[56], "CHECK CONDITION");
        assertEquals(SenseData.FIXED_LENGTH, ByteBuffer.wrap(whole).getShort(58));
        assertArrayEquals(SenseCodes.UNREACHABLE_COPY_TARGET.toFixedFormat(), java.util.Arrays.copyOfRange(whole, 60, whole.length));
        assertUnknownList(details(9, 1024));

        ExtendedCopyTest.copy(t, missing).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        details(9, 0).assertGood();
        status(9).assertGood();
        assertUnknownList(details(9, 1024));
    }

    @Test
    void aNewCopyWithTheListIdentifierReplacesWhatWasHeld() {
        ExtendedCopyTest.copy(t, CopyList.of(4, 0).cscd(naa, BLOCK).segment(0, 1, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        ExtendedCopyTest.copy(t, list(4, CopyParameterList.HOLD, 2, 0, 10)).assertGood();
        assertEquals("00000000", HexFormat.of().formatHex(details(4, 1024).assertGood()));
        assertEquals(0x01, status(4).assertGood()[4]);
    }

    @Test
    void resultsBelongToTheirNexusAndEndWithItOrWithAReset() {
        ExtendedCopyTest.copy(t, list(1, CopyParameterList.HOLD, 1, 0, 1)).assertGood();
        ExtendedCopyTest.copy(t, list(2, CopyParameterList.HOLD, 1, 0, 1)).assertGood();
        t.login(OTHER);
        RecordingCommand other = new RecordingCommand(OTHER, CopyList.results(Opcodes.SA_COPY_STATUS, 1, 1024).bytes(), null);
        t.disk.execute(other);
        assertUnknownList(other.await());
        t.disk.nexusLost(OTHER);
        t.disk.nexusLost(RecordingCommand.NEXUS);
        t.login(RecordingCommand.NEXUS);
        assertUnknownList(status(1));

        ExtendedCopyTest.copy(t, list(1, CopyParameterList.HOLD, 1, 0, 1)).assertGood();
        t.disk.reset(ResetKind.LOGICAL_UNIT, OTHER);
        t.run(Cdb.of(Opcodes.TEST_UNIT_READY)).assertCheck(SenseKey.UNIT_ATTENTION, 0x29, 0x03);
        assertUnknownList(status(1));
    }

    @Test
    void receiveDataIsNotSupported() {
        byte[] fixed = t.run(CopyList.results(0x01, 0, 1024)).assertInvalidField().toFixedFormat();
        assertEquals(1, fixed[17], "the service action");
    }

    @Test
    void aRunningCopyReportsProgressAndItsListIdentifierIsBusy() throws Exception {
        CountDownLatch copying = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicInteger writes = new AtomicInteger();
        TestDisk paused = new TestDisk(new ForwardingStore(new MemoryStore(16384L * BLOCK, BLOCK, false)) {
            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                super.write(offset, src);
                if (Thread.currentThread().getName().equals("copy") && writes.incrementAndGet() == 2) {
                    copying.countDown();
                    await(proceed);
                }
            }
        }, Runnable::run, false);
        byte[] running = CopyList.of(3, CopyParameterList.HOLD).cscd(naa, BLOCK).segment(0, 0, 1024, 0, 2048).bytes();
        RecordingCommand xcopy = new RecordingCommand(CopyList.cdb(running.length).bytes(), running);
        paused.login(OTHER);
        Thread copier = new Thread(() -> paused.disk.execute(xcopy), "copy");
        copier.start();
        assertTrue(copying.await(10, TimeUnit.SECONDS));

        byte[] progress = paused.run(CopyList.results(Opcodes.SA_COPY_STATUS, 3, 1024)).assertGood();
        assertEquals("00000008" + "00" + "0001" + "f1" + "00000200", HexFormat.of().formatHex(progress), "in progress, the first chunk written");
        assertUnknownList(paused.run(CopyList.results(Opcodes.SA_FAILED_SEGMENT_DETAILS, 3, 1024)));
        paused.run(CopyList.cdb(running.length), running).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x00, 0x16);
        byte[] elsewhere = CopyList.of(3, CopyParameterList.HOLD).cscd(naa, BLOCK).segment(0, 0, 8, 8192, 12288).bytes();
        RecordingCommand fromOther = new RecordingCommand(OTHER, CopyList.cdb(elsewhere.length).bytes(), elsewhere);
        paused.disk.execute(fromOther);
        fromOther.await().assertGood();

        proceed.countDown();
        xcopy.await().assertGood();
        assertEquals("00000008" + "01" + "0001" + "f1" + "00000400", HexFormat.of().formatHex(
                paused.run(CopyList.results(Opcodes.SA_COPY_STATUS, 3, 1024)).assertGood()));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
