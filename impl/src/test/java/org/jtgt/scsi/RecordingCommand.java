package org.jtgt.scsi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.api.TaskAttribute;

/**
 * A {@link ScsiCommand} for tests: a CDB and the data-out the initiator sent; records the
 * completion (how many, status, sense), the data-in the logical unit produced and the data-out
 * length it asked for. Completion may come from any thread; {@link #await} waits for it.
 */
final class RecordingCommand implements ScsiCommand {

    static final Nexus NEXUS = new Nexus("iqn.2026-11.org.jtgt:test-initiator", "400001370000", "iqn.2026-11.org.jtgt:disk0", 1);

    private final ByteBuffer cdb;
    private final Nexus nexus;
    private final byte[] dataOut;
    private final CountDownLatch done = new CountDownLatch(1);
    private final AtomicInteger completions = new AtomicInteger();
    private ByteBuffer dataIn;
    private int dataOutWanted = -1;
    private volatile ScsiStatus status;
    private volatile SenseData sense;
    private volatile boolean aborted;

    RecordingCommand(byte[] cdb, byte[] dataOut) {
        this(NEXUS, cdb, dataOut);
    }

    /** A command from {@code nexus}, e.g. another I_T nexus than {@link #NEXUS}. */
    RecordingCommand(Nexus nexus, byte[] cdb, byte[] dataOut) {
        this.nexus = nexus;
        this.cdb = ByteBuffer.wrap(cdb.clone()).asReadOnlyBuffer();
        this.dataOut = dataOut == null ? new byte[0] : dataOut.clone();
    }

    @Override
    public ByteBuffer cdb() {
        return cdb.duplicate();
    }

    @Override
    public int lun() {
        return 0;
    }

    @Override
    public Nexus nexus() {
        return nexus;
    }

    @Override
    public TaskAttribute attribute() {
        return TaskAttribute.SIMPLE;
    }

    @Override
    public int expectedTransferLength() {
        return dataOut.length;
    }

    @Override
    public synchronized ByteBuffer dataOut(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("data-out length " + length);
        }
        dataOutWanted = Math.max(dataOutWanted, length);
        return ByteBuffer.wrap(dataOut, 0, Math.min(length, dataOut.length)).slice().asReadOnlyBuffer();
    }

    @Override
    public synchronized ByteBuffer dataIn(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("data-in length " + length);
        }
        if (dataIn != null) {
            throw new IllegalStateException("dataIn requested twice");
        }
        dataIn = ByteBuffer.allocate(length);
        return dataIn;
    }

    @Override
    public void complete() {
        complete(ScsiStatus.GOOD, null);
    }

    @Override
    public void complete(ScsiStatus status, SenseData sense) {
        if (completions.incrementAndGet() == 1) {
            this.status = status;
            this.sense = sense;
            done.countDown();
        }
    }

    @Override
    public boolean aborted() {
        return aborted;
    }

    void abort() {
        aborted = true;
    }

    // ---- what the logical unit did

    /** Waits up to 10 seconds for the completion. */
    RecordingCommand await() {
        try {
            assertTrue(done.await(10, TimeUnit.SECONDS), "command did not complete");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        return this;
    }

    ScsiStatus status() {
        return status;
    }

    SenseData sense() {
        return sense;
    }

    /** The data-in: the bytes before the data-in buffer's position; empty if none was asked for. */
    synchronized byte[] dataIn() {
        return dataIn == null ? new byte[0] : Arrays.copyOf(dataIn.array(), dataIn.position());
    }

    /** The data-out length the logical unit said the CDB transfers; -1 if it asked for none. */
    synchronized int dataOutWanted() {
        return dataOutWanted;
    }

    /** Asserts one completion with GOOD status; returns the data-in. */
    byte[] assertGood() {
        assertEquals(1, completions.get(), "completions");
        assertEquals(ScsiStatus.GOOD, status, () -> "status, sense " + sense);
        return dataIn();
    }

    /** Asserts one completion with CHECK CONDITION and the given sense; returns the sense data. */
    SenseData assertCheck(SenseKey key, int asc, int ascq) {
        assertEquals(1, completions.get(), "completions");
        assertEquals(ScsiStatus.CHECK_CONDITION, status, "status");
        assertNotNull(sense, "sense");
        assertEquals(String.format("%s %02X/%02X", key, asc, ascq), String.format("%s %02X/%02X", sense.key(), sense.asc(), sense.ascq()));
        return sense;
    }

    /** Asserts one completion with the given status and no sense data. */
    void assertStatus(ScsiStatus expected) {
        assertEquals(1, completions.get(), "completions");
        assertEquals(expected, status, () -> "status, sense " + sense);
    }

    /** Asserts RESERVATION CONFLICT. */
    void assertConflict() {
        assertStatus(ScsiStatus.RESERVATION_CONFLICT);
    }

    /** Asserts ILLEGAL REQUEST, INVALID FIELD IN CDB. */
    SenseData assertInvalidField() {
        return assertCheck(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    }

    /** Asserts ILLEGAL REQUEST, LOGICAL BLOCK ADDRESS OUT OF RANGE. */
    SenseData assertOutOfRange() {
        return assertCheck(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    }

    /** Asserts DATA PROTECT, WRITE PROTECTED. */
    SenseData assertWriteProtected() {
        return assertCheck(SenseKey.DATA_PROTECT, 0x27, 0x00);
    }
}
