package org.jtgt.scsi;

import static org.jtgt.scsi.TestDisk.BLOCK;
import static org.jtgt.scsi.TestDisk.filled;
import static org.jtgt.scsi.TestDisk.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jtgt.api.MediumErrorException;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.store.MemoryStore;
import org.junit.jupiter.api.Test;

class ExtendedCopyTest {

    private final TestDisk t = TestDisk.memory(8192);
    private final byte[] naa = CopyList.naa(t);

    /** Runs EXTENDED COPY with a parameter list, its PARAMETER LIST LENGTH the list's length. */
    static RecordingCommand copy(TestDisk t, byte[] list) {
        return t.run(CopyList.cdb(list.length), list);
    }

    /** A list that copies {@code blocks} blocks of this disk from {@code source} to {@code destination}. */
    private byte[] oneSegment(int blocks, long source, long destination) {
        return CopyList.of(1, 2).cscd(naa, BLOCK).segment(0, 0, blocks, source, destination).bytes();
    }

    // ---- copying

    @Test
    void copiesBlocksWithinTheDisk() {
        byte[] data = pattern(2048, 7);
        t.put(0, data);
        byte[] list = CopyList.of(1, 0).cscd(naa, BLOCK).segment(0, 0, 2048, 0, 8192 - 2048).bytes();
        copy(t, list).assertGood();
        assertArrayEquals(data, t.get(8192 - 2048, 2048));
        assertArrayEquals(data, t.get(0, 2048), "the source is unchanged");
        assertArrayEquals(new byte[BLOCK], t.get(2048, 1));
    }

    @Test
    void sourceAndDestinationMayBeDifferentDescriptorsOfTheSameDisk() {
        byte[] data = pattern(3, 1);
        t.put(10, data);
        copy(t, CopyList.of(0, 3).cscd(naa, BLOCK).cscd(naa, BLOCK).segment(1, 0, 3, 10, 20).bytes()).assertGood();
        assertArrayEquals(data, t.get(20, 3));
    }

    @Test
    void theT10VendorDesignatorDoesNotFitAnIdentificationDescriptor() {
        byte[] t10 = CopyList.designator(t, 1);
        assertEquals(0x01, t10[1] & 0x3F, "logical unit, T10 vendor identification");
        assertTrue((t10[3] & 0xFF) > 20, "longer than the 20-byte DESIGNATOR field");
    }

    @Test
    void overlappingRangesCopyAsIfTheSourceWereReadFirst() {
        byte[] data = pattern(1500, 3);
        t.put(0, data);
        copy(t, oneSegment(1500, 0, 100)).assertGood();
        assertArrayEquals(data, t.get(100, 1500), "destination after the source");
        t.put(2000, data);
        copy(t, oneSegment(1500, 2000, 1900)).assertGood();
        assertArrayEquals(data, t.get(1900, 1500), "destination before the source");
    }

    @Test
    void emptyListsAndZeroBlockSegmentsCopyNothing() {
        t.run(CopyList.cdb(0)).assertGood();
        copy(t, CopyList.of(0, 3).bytes()).assertGood();
        copy(t, CopyList.of(0, 3).cscd(naa, BLOCK).bytes()).assertGood();
        t.put(0, filled(1, 9));
        copy(t, oneSegment(0, 0, 1)).assertGood();
        assertArrayEquals(new byte[BLOCK], t.get(1, 1));
    }

    @Test
    void obsoleteAndHintFieldsAreIgnored() {
        t.put(0, filled(1, 5));
        byte[] list = CopyList.of(1, 2).cscd(0xE4, 0xC0 | 0x20, naa, BLOCK).segment(0, 0, 1, 0, 1).bytes();
        list[1] |= 0x20 | 0x07;                                // STR and PRIORITY
        copy(t, list).assertGood();
        assertArrayEquals(filled(1, 5), t.get(1, 1), "LU ID TYPE 11b and NUL are obsolete in SPC-4");
    }

    // ---- the form of the parameter list

    @Test
    void parameterListsShorterThanTheyClaimOrLongerThanAllowedAreLengthErrors() {
        byte[] list = oneSegment(1, 0, 1);
        for (int length : new int[] {1, 15, 16 + 31, list.length - 1}) {
            t.run(CopyList.cdb(length), Arrays.copyOf(list, length)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        }
        t.run(CopyList.cdb(list.length), Arrays.copyOf(list, list.length - 1)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(CopyList.cdb(16 + 1024 + 1), new byte[16 + 1024 + 1]).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        t.run(CopyList.cdb(0xFFFF_FFFFL)).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        byte[] tooLong = CopyList.of(0, 2).segmentBytes(new byte[1000]).cscdBytes(new byte[32]).bytes();
        copy(t, tooLong).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
        assertArrayEquals(new byte[BLOCK], t.get(1, 1));
    }

    @Test
    void descriptorCountsAreLimited() {
        CopyList five = CopyList.of(1, 2);
        for (int i = 0; i < 5; i++) {
            five.cscd(naa, BLOCK);
        }
        SenseData targets = copy(t, five.segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x06);
        assertEquals(16 + 4 * 32, fieldPointer(targets), "points at the fifth");
        byte[] two = CopyList.of(1, 2).cscd(naa, BLOCK).segment(0, 0, 1, 0, 1).segment(0, 0, 1, 2, 3).bytes();
        copy(t, two).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x08);
        assertArrayEquals(new byte[4 * BLOCK], t.get(0, 4));
    }

    @Test
    void onlyIdentificationAndBlockToBlockDescriptorsAreSupported() {
        for (int type : new int[] {0xE0, 0xE5, 0xE9, 0xFF, 0x02}) {
            copy(t, CopyList.of(1, 2).cscd(type, 0, naa, BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x07);
        }
        byte[] streamToStream = new byte[20];
        streamToStream[0] = 0x03;
        streamToStream[3] = 0x10;
        copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segmentBytes(streamToStream).bytes()).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x09);
        byte[] inline = new byte[28];
        inline[0] = 0x04;
        copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segmentBytes(inline).bytes()).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x09);
        SenseData inlineData = copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segment(0, 0, 1, 0, 1).inline(4).bytes())
                .assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x0B);
        assertEquals(12, fieldPointer(inlineData));
    }

    @Test
    void invalidFieldsPointIntoTheParameterList() {
        assertEquals(1, fieldPointer(invalid(CopyList.of(1, 1).cscd(naa, BLOCK).segment(0, 0, 1, 0, 1).bytes())), "LIST ID USAGE 01b");
        assertEquals(0, fieldPointer(invalid(CopyList.of(5, 3).cscd(naa, BLOCK).segment(0, 0, 1, 0, 1).bytes())), "a list id with usage 11b");
        byte[] long21 = Arrays.copyOf(naa, 4 + 21);
        long21[3] = 21;
        assertEquals(16 + 7, fieldPointer(invalid(CopyList.of(1, 2).cscd(long21, BLOCK).segment(0, 0, 1, 0, 1).bytes())), "DESIGNATOR LENGTH");
        byte[] partial = new byte[8];
        partial[0] = (byte) 0xE4;
        assertEquals(2, fieldPointer(invalid(CopyList.of(1, 2).cscd(naa, BLOCK).cscdBytes(partial).bytes())), "CSCD DESCRIPTOR LIST LENGTH");
        byte[] list = oneSegment(1, 0, 1);
        list[16 + 32 + 3] = 0x14;
        assertEquals(16 + 32 + 2, fieldPointer(invalid(list)), "DESCRIPTOR LENGTH");
        int max = BlockLimits.MAX_TRANSFER_BYTES / BLOCK;
        assertEquals(16 + 32 + 10, fieldPointer(invalid(oneSegment(max + 1, 0, max + 1))), "more blocks than a segment copies");
        TestDisk big = TestDisk.memory(2L * max);
        big.put(0, filled(1, 6));
        copy(big, CopyList.of(1, 2).cscd(CopyList.naa(big), BLOCK).segment(0, 0, max, 0, max).bytes()).assertGood();
        assertArrayEquals(filled(1, 6), big.get(max, 1));
        assertArrayEquals(new byte[BLOCK], t.get(1, 1));
    }

    private SenseData invalid(byte[] list) {
        return copy(t, list).assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    }

    static int fieldPointer(SenseData sense) {
        byte[] fixed = sense.toFixedFormat();
        assertEquals(0x80, fixed[15] & 0x80, "SKSV");
        return (fixed[16] & 0xFF) << 8 | fixed[17] & 0xFF;
    }

    // ---- copy targets and ranges

    @Test
    void aDescriptorThatNamesNoLogicalUnitHereIsUnreachable() {
        t.put(0, filled(1, 1));
        byte[] other = naa.clone();
        other[other.length - 1] ^= 1;
        copy(t, CopyList.of(1, 2).cscd(other, BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        byte[] relativePort = CopyList.designator(t, 2);
        assertEquals(0x14, relativePort[1] & 0x3F, "target port association, relative port designator");
        copy(t, CopyList.of(1, 2).cscd(relativePort, BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        byte[] naaAsPort = naa.clone();
        naaAsPort[1] |= 0x10;
        copy(t, CopyList.of(1, 2).cscd(naaAsPort, BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        copy(t, CopyList.of(1, 2).cscd(other, BLOCK).cscd(naa, BLOCK).segment(1, 1, 1, 0, 1).bytes()).assertGood();
        assertArrayEquals(filled(1, 1), t.get(1, 1), "an unused unreachable descriptor is no error");
    }

    @Test
    void aSegmentNamingAMissingDescriptorIsUnreachable() {
        copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segment(0, 1, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segment(0xFFFF, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
        copy(t, CopyList.of(1, 2).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x08, 0x04);
    }

    @Test
    void theDescriptorMustDescribeThisDisk() {
        copy(t, CopyList.of(1, 2).cscd(0xE4, 0x01, naa, BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x0D, 0x03);
        SenseData blockLength = copy(t, CopyList.of(1, 2).cscd(naa, 4096).segment(0, 0, 1, 0, 1).bytes())
                .assertCheck(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
        assertEquals(16 + 29, fieldPointer(blockLength), "DISK BLOCK LENGTH");
    }

    @Test
    void rangesBeyondTheEndAbortTheCopyAndMoveNothing() {
        t.put(0, filled(2048, 4));
        long[][] bad = {{0, 8192 - 1}, {8192 - 1, 0}, {8192, 0}, {0, 1L << 63}, {-1L, 0}, {0, -2048L}};
        for (long[] b : bad) {
            copy(t, oneSegment(2048, b[0], b[1])).assertCheck(SenseKey.COPY_ABORTED, 0x00, 0x00);
        }
        copy(t, CopyList.of(1, 2).cscd(naa, BLOCK).segment(0, 0, 0, 8192, 0).bytes()).assertCheck(SenseKey.COPY_ABORTED, 0x00, 0x00);
        assertArrayEquals(new byte[BLOCK], t.get(8191, 1));
    }

    @Test
    void writeProtectedDiskRefusesToCopy() {
        TestDisk ro = TestDisk.readOnly(64);
        ro.put(0, filled(1, 1));
        copy(ro, CopyList.of(1, 2).cscd(CopyList.naa(ro), BLOCK).segment(0, 0, 1, 0, 1).bytes()).assertWriteProtected();
        assertArrayEquals(new byte[BLOCK], ro.get(1, 1));
    }

    @Test
    void storeErrorsAbortTheCopyWithTheirSenseAndLba() {
        TestDisk failing = new TestDisk(new ForwardingStore(new MemoryStore(64L * BLOCK, BLOCK, false)) {
            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                fail(offset, dst.remaining(), 5);
                super.read(offset, dst);
            }

            @Override
            public void write(long offset, ByteBuffer src) throws IOException {
                fail(offset, src.remaining(), 40);
                super.write(offset, src);
            }

            private void fail(long offset, int length, long bad) throws MediumErrorException {
                if (offset <= bad * BLOCK && bad * BLOCK < offset + length) {
                    throw new MediumErrorException(bad * BLOCK, "bad block " + bad);
                }
            }
        }, Runnable::run, false);
        byte[] fromBad = CopyList.of(1, 2).cscd(CopyList.naa(failing), BLOCK).segment(0, 0, 8, 0, 16).bytes();
        assertEquals(5L, copy(failing, fromBad).assertCheck(SenseKey.COPY_ABORTED, 0x11, 0x00).information());
        byte[] toBad = CopyList.of(1, 2).cscd(CopyList.naa(failing), BLOCK).segment(0, 0, 2, 20, 39).bytes();
        assertEquals(40L, copy(failing, toBad).assertCheck(SenseKey.COPY_ABORTED, 0x0C, 0x00).information());
    }

    // ---- concurrency

    @Test
    void noWriteLandsOnTheSourceOrTheDestinationWhileItCopies() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        TestDisk paused = new TestDisk(new ForwardingStore(new MemoryStore(16384L * BLOCK, BLOCK, false)) {
            @Override
            public void read(long offset, ByteBuffer dst) throws IOException {
                super.read(offset, dst);
                if (Thread.currentThread().getName().equals("copy")) {
                    reading.countDown();
                    await(proceed);
                }
            }
        }, Runnable::run, false);
        byte[] original = pattern(8, 2);
        paused.put(0, original);
        RecordingCommand xcopy = new RecordingCommand(CopyList.cdb(76).bytes(),
                CopyList.of(1, 2).cscd(CopyList.naa(paused), BLOCK).segment(0, 0, 8, 0, 4096).bytes());
        Thread copier = new Thread(() -> paused.disk.execute(xcopy), "copy");
        copier.start();
        assertTrue(reading.await(10, TimeUnit.SECONDS));

        RecordingCommand toSource = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 4, 1).bytes(), filled(1, 'S'));
        RecordingCommand toDestination = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 4100, 1).bytes(), filled(1, 'D'));
        Thread sourceWriter = new Thread(() -> paused.disk.execute(toSource), "source-writer");
        Thread destinationWriter = new Thread(() -> paused.disk.execute(toDestination), "destination-writer");
        sourceWriter.start();
        destinationWriter.start();
        RecordingCommand elsewhere = new RecordingCommand(Cdb.block(Opcodes.WRITE_10, 2048, 1).bytes(), filled(1, 'E'));
        paused.disk.execute(elsewhere);
        elsewhere.await().assertGood();
        sourceWriter.join(300);
        destinationWriter.join(10);
        assertTrue(sourceWriter.isAlive() && destinationWriter.isAlive(), "writes to the ranges being copied wait");
        assertNull(toSource.status());

        proceed.countDown();
        xcopy.await().assertGood();
        toSource.await().assertGood();
        toDestination.await().assertGood();
        byte[] expected = original.clone();
        System.arraycopy(filled(1, 'D'), 0, expected, 4 * BLOCK, BLOCK);
        assertArrayEquals(expected, paused.get(4096, 8), "the copy holds the source as it was; the later WRITE lands on it");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
