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
 */
final class IscsiTask implements ScsiCommand {

    private static final Logger LOG = LogManager.getLogger(IscsiTask.class);
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();

    enum State { COLLECTING, EXECUTING, DONE }

    final int itt;
    final long lunField;
    final int cmdSN;
    final boolean immediate;
    final boolean read;
    final boolean write;
    private final int lun;
    private final ByteBuffer cdb;
    private final TaskAttribute attribute;
    private final int expectedLength;
    private final Nexus nexus;
    private final BufferPool buffers;
    private final CommandProcessor processor;
    private final AtomicBoolean completed = new AtomicBoolean();

    /** When the command PDU arrived, for latency. */
    final long startNanos = System.nanoTime();
    State state = State.COLLECTING;
    /** The mapping the command went to, once dispatched; {@code null} for REPORT LUNS and unmapped LUNs. */
    MappedLun mapped;
    ByteBuffer writeBuffer;
    DataOutCollector collector;
    /** The fault a rule injected, or {@code null} (almost always). */
    TaskFault fault;
    /** Bytes of the connection's buffer budget this task holds. */
    long reserved;
    private ByteBuffer dataIn;
    private int dataOutWanted = -1;
    private volatile boolean aborted;
    private boolean abortedByOtherNexus;
    private ScsiStatus status;
    private SenseData sense;

    IscsiTask(CommandProcessor processor, BufferPool buffers, int itt, long lunField, int lun, ByteBuffer cdb, TaskAttribute attribute,
            int expectedLength, boolean read, boolean write, int cmdSN, boolean immediate, Nexus nexus) {
        this.processor = processor;
        this.buffers = buffers;
        this.itt = itt;
        this.lunField = lunField;
        this.lun = lun;
        this.cdb = cdb.asReadOnlyBuffer();
        this.attribute = attribute;
        this.expectedLength = expectedLength;
        this.read = read;
        this.write = write;
        this.cmdSN = cmdSN;
        this.immediate = immediate;
        this.nexus = nexus;
    }

    // ---- ScsiCommand

    @Override
    public ByteBuffer cdb() {
        return cdb.duplicate();
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
        return writeBuffer.slice(0, Math.min(length, collector.received())).asReadOnlyBuffer();
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
        return dataIn;
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
    ByteBuffer dataInBuffer() {
        return dataIn;
    }

    /** Bytes of data-in the logical unit produced. */
    int dataInLength() {
        return dataIn == null ? 0 : dataIn.position();
    }

    /** Bytes of data-out received. */
    int dataOutReceived() {
        return collector == null ? 0 : collector.received();
    }

    /** The data-out length the CDB transfers, as the logical unit stated it; -1 if it asked for none. */
    int dataOutWanted() {
        return dataOutWanted;
    }

    /** Returns the task's buffers to the pool; only when nobody can touch them any more. */
    void releaseBuffers() {
        buffers.release(writeBuffer);
        buffers.release(dataIn);
        writeBuffer = null;
        dataIn = null;
        if (reserved > 0) {
            processor.unreserve(reserved);
            reserved = 0;
        }
    }

    @Override
    public String toString() {
        return String.format("task itt=%08x lun=%d op=%02x", itt, lun, cdb.get(0) & 0xFF);
    }
}
