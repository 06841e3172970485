package org.jtgt.jmx;

import javax.management.ConstructorParameters;
import java.util.stream.Collectors;
import org.jtgt.journal.JournalEntry;
import org.jtgt.scsi.LbaRange;

/**
 * One I/O journal entry as management shows it: the MXBean machinery turns it into a
 * {@code CompositeData} whose items are named after the getters, so that JConsole and Jolokia
 * show it without jtgt's classes. Absent values are empty strings or -1. Immutable.
 */
public final class JournalEntryData {

    private final long sequence;
    private final String operation;
    private final int opcode;
    private final long lba;
    private final long blocks;
    private final String ranges;
    private final int transferLength;
    private final boolean fua;
    private final String initiator;
    private final String isid;
    private final String session;
    private final String received;
    private final String completed;
    private final long latencyMicros;
    private final String status;
    private final String senseKey;
    private final int asc;
    private final int ascq;
    private final boolean aborted;
    private final String fault;

    @ConstructorParameters({"sequence", "operation", "opcode", "lba", "blocks", "ranges", "transferLength", "fua", "initiator", "isid",
        "session", "received", "completed", "latencyMicros", "status", "senseKey", "asc", "ascq", "aborted", "fault"})
    public JournalEntryData(long sequence, String operation, int opcode, long lba, long blocks, String ranges, int transferLength,
            boolean fua, String initiator, String isid, String session, String received, String completed, long latencyMicros,
            String status, String senseKey, int asc, int ascq, boolean aborted, String fault) {
        this.sequence = sequence;
        this.operation = operation;
        this.opcode = opcode;
        this.lba = lba;
        this.blocks = blocks;
        this.ranges = ranges;
        this.transferLength = transferLength;
        this.fua = fua;
        this.initiator = initiator;
        this.isid = isid;
        this.session = session;
        this.received = received;
        this.completed = completed;
        this.latencyMicros = latencyMicros;
        this.status = status;
        this.senseKey = senseKey;
        this.asc = asc;
        this.ascq = ascq;
        this.aborted = aborted;
        this.fault = fault;
    }

    static JournalEntryData of(JournalEntry e) {
        return new JournalEntryData(e.sequence(), e.operation(), e.opcode(), e.lba(), e.blocks(),
                e.ranges().stream().map(LbaRange::toString).collect(Collectors.joining(",")), e.transferLength(), e.fua(),
                e.initiator(), e.isid(), e.session(), e.receivedAt().toString(), e.completedAt().toString(), e.latency().toNanos() / 1000,
                e.status().name(), e.sense() == null ? "" : e.sense().key().name(), e.sense() == null ? -1 : e.sense().asc(),
                e.sense() == null ? -1 : e.sense().ascq(), e.aborted(), e.fault() == null ? "" : e.fault());
    }

    /** The order in which responses went out on the LUN. */
    public long getSequence() {
        return sequence;
    }

    /** E.g. {@code WRITE(10)}. */
    public String getOperation() {
        return operation;
    }

    public int getOpcode() {
        return opcode;
    }

    /** The first block, -1 for none. */
    public long getLba() {
        return lba;
    }

    /** Blocks from the first one; -1: to the end of the medium. */
    public long getBlocks() {
        return blocks;
    }

    /** Every range, e.g. {@code 0-127,2048-2303} (UNMAP can have several). */
    public String getRanges() {
        return ranges;
    }

    /** The iSCSI Expected Data Transfer Length in bytes. */
    public int getTransferLength() {
        return transferLength;
    }

    public boolean isFua() {
        return fua;
    }

    public String getInitiator() {
        return initiator;
    }

    public String getIsid() {
        return isid;
    }

    /** {@code isid-tsih}. */
    public String getSession() {
        return session;
    }

    /** When the command arrived, ISO-8601. */
    public String getReceived() {
        return received;
    }

    /** When its response went out, ISO-8601. */
    public String getCompleted() {
        return completed;
    }

    public long getLatencyMicros() {
        return latencyMicros;
    }

    /** E.g. {@code GOOD}, {@code CHECK_CONDITION}, {@code BUSY}. */
    public String getStatus() {
        return status;
    }

    /** E.g. {@code MEDIUM_ERROR}; empty without sense data. */
    public String getSenseKey() {
        return senseKey;
    }

    /** -1 without sense data. */
    public int getAsc() {
        return asc;
    }

    /** -1 without sense data. */
    public int getAscq() {
        return ascq;
    }

    public boolean isAborted() {
        return aborted;
    }

    /** The injected fault and its rule, e.g. {@code f2 BUSY}; empty for none. */
    public String getFault() {
        return fault;
    }
}
