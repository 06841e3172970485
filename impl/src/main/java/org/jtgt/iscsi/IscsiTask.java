package org.jtgt.iscsi;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.TaskAttribute;
import org.jtgt.buffer.BufferPool;
import org.jtgt.buffer.PooledBuffer;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Lun;
import org.jtgt.pdu.Pdu;

/**
 * One SCSI command of a connection, from its SCSI Command PDU to its response: the
 * {@link ScsiCommand} a logical unit sees, plus the transport state of its data (the write
 * buffer and its {@link DataOutCollector}, the data-in buffer).
 *
 * <h2>Threading</h2>
 * Created and answered on the connection's thread. Between {@code execute} and completion the
 * logical unit owns it, possibly on another thread; completion hands it back through
 * {@link CommandProcessor#completed}, whose queue gives the happens-before edge for the fields
 * the logical unit wrote.
 *
 * <h2>Reuse</h2>
 * Task objects are pooled per connection ({@link CommandProcessor}): {@link #start} sets one up
 * for a command, and {@link #releaseBuffers} ends its life (the logical unit has completed it or
 * never got it, and every PDU that refers to its buffers has been written or dropped), after
 * which the processor may hand it to the next command. A task's collector, CDB array and views
 * stay with the object, so a command allocates nothing here in steady state. The first call of
 * {@link #cdb()} and of {@link #dataOut(int)} per command returns a view kept with the task;
 * further calls get fresh views, as the SPI promises independent ones.
 */
final class IscsiTask implements ScsiCommand {

    private static final Logger LOG = LogManager.getLogger(IscsiTask.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final int AHS_EXTENDED_CDB = 1;

    enum State { COLLECTING, EXECUTING, DONE }

    private final BufferPool buffers;
    private final CommandProcessor processor;
    private final AtomicBoolean completed = new AtomicBoolean();
    private final DataOutCollector ownCollector = new DataOutCollector();
    /** Gives the buffers back once the last PDU of the response is written; made once per task object. */
    final Runnable release = this::releaseBuffers;
    /** Answers the task on the connection's thread, for completions from other threads; made once per task object. */
    final Runnable finish;

    int itt;
    long lunField;
    int cmdSN;
    boolean immediate;
    boolean read;
    boolean write;
    private int lun;
    private byte[] cdbBytes = new byte[Bhs.CDB_LENGTH];
    private ByteBuffer cdbView = ByteBuffer.wrap(cdbBytes).asReadOnlyBuffer();
    private int cdbLength;
    private boolean cdbViewLent;
    private boolean dataOutViewLent;
    private TaskAttribute attribute;
    private int expectedLength;
    private Nexus nexus;
    /** Whether the task waits in its processor's pool. */
    boolean idle;

    /** When the command PDU arrived, for latency. */
    long startNanos;
    State state;
    /** The mapping the command went to, once dispatched; {@code null} for REPORT LUNS and unmapped LUNs. */
    MappedLun mapped;
    PooledBuffer writeBuffer;
    /** The data-out bookkeeping of a write that transfers data, else {@code null}. */
    DataOutCollector collector;
    /** The fault a rule injected, or {@code null} (almost always). */
    TaskFault fault;
    /** Bytes of the connection's buffer budget this task holds. */
    long reserved;
    private PooledBuffer dataIn;
    private int dataOutWanted;
    private volatile boolean aborted;
    private boolean abortedByOtherNexus;
    private ScsiStatus status;
    private SenseData sense;

    IscsiTask(CommandProcessor processor, BufferPool buffers) {
        this.processor = processor;
        this.buffers = buffers;
        this.finish = () -> processor.finishCompleted(this);
    }

    /**
     * Sets the task up for the SCSI Command {@code pdu}: its tag, LUN, CDB (16 bytes from the
     * header, more from an Extended CDB AHS, RFC 7143 §11.2.2.3), attribute and transfer.
     */
    IscsiTask start(Pdu pdu, Nexus nexus) {
        this.itt = pdu.initiatorTaskTag();
        this.lunField = pdu.lunField();
        this.lun = Lun.decode(lunField);
        this.attribute = TaskAttribute.fromCode(pdu.flags() & 7);
        this.expectedLength = pdu.u32(Bhs.EXPECTED_DATA_TRANSFER_LENGTH);
        this.read = pdu.hasFlag(Bhs.FLAG_READ);
        this.write = pdu.hasFlag(Bhs.FLAG_WRITE);
        this.cmdSN = pdu.cmdSN();
        this.immediate = pdu.immediate();
        this.nexus = nexus;
        copyCdb(pdu);
        this.startNanos = System.nanoTime();
        this.state = State.COLLECTING;
        this.completed.set(false);
        this.cdbViewLent = false;
        this.dataOutViewLent = false;
        this.mapped = null;
        this.writeBuffer = null;
        this.collector = null;
        this.reserved = 0;
        this.dataIn = null;
        this.dataOutWanted = -1;
        this.aborted = false;
        this.abortedByOtherNexus = false;
        this.status = null;
        this.sense = null;
        this.fault = null;
        return this;
    }

    private void copyCdb(Pdu pdu) {
        ByteBuffer ahs = pdu.ahs();
        int extra = 0;
        int extraAt = -1;
        for (int at = 0; at + 3 <= ahs.limit(); ) {
            int length = ahs.getShort(at) & 0xFFFF;
            int type = ahs.get(at + 2) & 0xFF;
            if (type == AHS_EXTENDED_CDB && length > 1 && at + 3 + length <= ahs.limit()) {
                extra = length - 1;
                extraAt = at + 4;
            }
            at += (3 + length + 3) & ~3;
        }
        cdbLength = Bhs.CDB_LENGTH + extra;
        if (cdbLength > cdbBytes.length) {
            cdbBytes = new byte[cdbLength];
            cdbView = ByteBuffer.wrap(cdbBytes).asReadOnlyBuffer();
        }
        pdu.header().get(Bhs.CDB, cdbBytes, 0, Bhs.CDB_LENGTH);
        if (extra > 0) {
            ahs.get(extraAt, cdbBytes, Bhs.CDB_LENGTH, extra);
        }
    }

    // ---- ScsiCommand

    @Override
    public ByteBuffer cdb() {
        if (cdbViewLent) {
            return ByteBuffer.wrap(cdbBytes, 0, cdbLength).slice().asReadOnlyBuffer();
        }
        cdbViewLent = true;
        cdbView.limit(cdbLength).position(0);
        return cdbView;
    }

    /** The operation code, without lending a view. */
    int opcode() {
        return cdbBytes[0] & 0xFF;
    }

    @Override
    public int lun() {
        return lun;
    }

    @Override
    public Nexus nexus() {
        return nexus;
    }

    @Override
    public TaskAttribute attribute() {
        return attribute;
    }

    @Override
    public int expectedTransferLength() {
        return expectedLength;
    }

    @Override
    public ByteBuffer dataOut(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("data-out length " + length);
        }
        dataOutWanted = Math.max(dataOutWanted, length);
        if (writeBuffer == null) {
            return EMPTY;
        }
        int available = Math.min(length, collector.received());
        if (dataOutViewLent) {
            return writeBuffer.buffer().slice(0, available).asReadOnlyBuffer();
        }
        dataOutViewLent = true;
        return writeBuffer.readOnly(available);
    }

    @Override
    public ByteBuffer dataIn(int length) {
        if (length < 0) {
            throw new IllegalArgumentException("data-in length " + length);
        }
        if (dataIn != null) {
            throw new IllegalStateException("dataIn requested twice for " + this);
        }
        if (!processor.reserve(length)) {
            throw new ScsiException(ScsiStatus.TASK_SET_FULL);      // the connection holds too much data already
        }
        reserved += length;
        dataIn = buffers.acquire(length);
        return dataIn.buffer();
    }

    @Override
    public void complete() {
        complete(ScsiStatus.GOOD, null);
    }

    @Override
    public void complete(ScsiStatus status, SenseData sense) {
        if (!completed.compareAndSet(false, true)) {
            LOG.error("{} completed twice (second: {} {}); a logical unit bug", this, status, sense, new IllegalStateException());
            return;
        }
        if (status == ScsiStatus.CHECK_CONDITION && sense == null) {
            LOG.error("{}: CHECK CONDITION without sense data; a logical unit bug", this);
        }
        this.status = status;
        this.sense = sense;
        processor.completed(this);
    }

    @Override
    public boolean aborted() {
        return aborted;
    }

    // ---- engine side

    void abort() {
        aborted = true;
    }

    /**
     * Task management of another I_T nexus aborted this task (a LUN or target reset, CLEAR
     * TASK SET): it ends with TASK ABORTED status instead of its result (TAS=1).
     */
    void abortForOtherNexus() {
        abortedByOtherNexus = true;
        aborted = true;
    }

    boolean abortedByOtherNexus() {
        return abortedByOtherNexus;
    }

    boolean isCompleted() {
        return completed.get();
    }

    ScsiStatus status() {
        return status;
    }

    SenseData sense() {
        return sense;
    }

    /** The data-in buffer, or {@code null} if the logical unit asked for none. */
    PooledBuffer dataInBuffer() {
        return dataIn;
    }

    /** Bytes of data-in the logical unit produced. */
    int dataInLength() {
        return dataIn == null ? 0 : dataIn.buffer().position();
    }

    /** Bytes of data-out received. */
    int dataOutReceived() {
        return collector == null ? 0 : collector.received();
    }

    /** The data-out length the CDB transfers, as the logical unit stated it; -1 if it asked for none. */
    int dataOutWanted() {
        return dataOutWanted;
    }

    /** Sets up data-out collection for a write of {@code expected} bytes into {@code buffer}. */
    DataOutCollector collect(PooledBuffer buffer, int expected, int immediate, int unsolicitedEnd, int maxBurst, int maxOutstanding) {
        writeBuffer = buffer;
        buffer.buffer().clear().limit(expected);
        collector = ownCollector.start(expected, immediate, unsolicitedEnd, maxBurst, maxOutstanding);
        return collector;
    }

    /**
     * Returns the task's buffers to the pool and the task to its processor; only when nobody can
     * touch them any more. The end of the task's life: the object may serve another command next.
     */
    void releaseBuffers() {
        buffers.release(writeBuffer);
        buffers.release(dataIn);
        writeBuffer = null;
        dataIn = null;
        if (reserved > 0) {
            processor.unreserve(reserved);
            reserved = 0;
        }
        processor.recycle(this);
    }

    @Override
    public String toString() {
        return String.format("task itt=%08x lun=%d op=%02x", itt, lun, opcode());
    }
}
