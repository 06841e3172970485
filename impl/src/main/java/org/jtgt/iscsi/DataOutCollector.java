package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.List;
import org.jtgt.pdu.Bhs;

/**
 * The data-out bookkeeping of one write command (RFC 7143 §4.2.3, §11.7, §11.8): immediate
 * data, unsolicited Data-Out up to the first burst, and solicited Data-Out for each R2T. It
 * decides which R2Ts to send (each at most MaxBurstLength, at most MaxOutstandingR2T at once)
 * and checks every Data-Out against them: tag, DataSN, buffer offset and length. Pure logic;
 * confined to the connection's thread.
 *
 * <p>Reusable: {@link #start} sets it up for a command, and a pooled task keeps its collector
 * (and the collector its bursts) from command to command, so that collecting allocates nothing
 * in steady state.
 */
final class DataOutCollector {

    /** The outcome of checking one Data-Out PDU. */
    enum Verdict { ACCEPTED, UNKNOWN_TAG, BAD_DATA_SN, BAD_OFFSET }

    /** One R2T: the burst of data it asks for and how much of it arrived. Read-only outside. */
    static final class Burst {
        int ttt;
        int r2tSN;
        int offset;
        int length;
        int received;
        int nextDataSN;
    }

    private final List<Burst> outstanding = new ArrayList<>();
    private final List<Burst> spare = new ArrayList<>();
    private int total;
    private int unsolicitedEnd;
    private int maxBurst;
    private int maxOutstanding;
    private int received;
    private int unsolicitedReceived;
    private int unsolicitedDataSN;
    private int nextR2tOffset;
    private int r2tSN;

    /**
     * Sets the collector up for a command, forgetting any earlier one.
     *
     * @param total the Expected Data Transfer Length
     * @param immediate bytes of immediate data in the command PDU
     * @param unsolicitedEnd where unsolicited data ends (immediate plus unsolicited Data-Out):
     *        the first burst if InitialR2T=No and the command's F bit is 0, else {@code immediate}
     * @param maxBurst MaxBurstLength
     * @param maxOutstanding MaxOutstandingR2T
     * @return this collector
     */
    DataOutCollector start(int total, int immediate, int unsolicitedEnd, int maxBurst, int maxOutstanding) {
        if (immediate > total || unsolicitedEnd < immediate) {
            throw new IllegalArgumentException("immediate " + immediate + ", unsolicited " + unsolicitedEnd + ", total " + total);
        }
        this.total = total;
        this.unsolicitedEnd = Math.min(unsolicitedEnd, total);
        this.maxBurst = maxBurst;
        this.maxOutstanding = maxOutstanding;
        this.received = immediate;
        this.unsolicitedReceived = immediate;
        this.unsolicitedDataSN = 0;
        this.nextR2tOffset = this.unsolicitedEnd;
        this.r2tSN = 0;
        for (int i = outstanding.size() - 1; i >= 0; i--) {
            spare.add(outstanding.remove(i));
        }
        return this;
    }

    /** Whether every byte has arrived. */
    boolean complete() {
        return received == total;
    }

    int received() {
        return received;
    }

    /** R2Ts sent so far (for ExpDataSN). */
    int r2tCount() {
        return r2tSN;
    }

    /** Whether an R2T should go out now: data not yet asked for, and room under MaxOutstandingR2T. */
    boolean r2tDue() {
        return nextR2tOffset < total && outstanding.size() < maxOutstanding;
    }

    /**
     * Opens the next R2T, under target transfer tag {@code ttt}; only when {@link #r2tDue()}.
     *
     * @return its burst: tag, R2TSN, offset and length to send; valid until the next
     *         {@link #start}
     */
    Burst openR2T(int ttt) {
        Burst burst = spare.isEmpty() ? new Burst() : spare.remove(spare.size() - 1);
        burst.ttt = ttt;
        burst.r2tSN = r2tSN++;
        burst.offset = nextR2tOffset;
        burst.length = Math.min(maxBurst, total - nextR2tOffset);
        burst.received = 0;
        burst.nextDataSN = 0;
        outstanding.add(burst);
        nextR2tOffset += burst.length;
        return burst;
    }

    /**
     * Checks a Data-Out PDU header before its data lands: whether {@code length} bytes at
     * {@code offset} belong to this command. Does not change any state.
     */
    boolean fits(int offset, int length) {
        return offset >= 0 && length >= 0 && (long) offset + length <= total;
    }

    /** Accounts for one Data-Out PDU whose data has been stored at its offset. */
    Verdict accept(int ttt, int dataSN, int offset, int length) {
        if (ttt == Bhs.RESERVED_TAG) {
            if (dataSN != unsolicitedDataSN) {
                return Verdict.BAD_DATA_SN;
            }
            if (offset != unsolicitedReceived || offset + length > unsolicitedEnd) {
                return Verdict.BAD_OFFSET;
            }
            unsolicitedDataSN++;
            unsolicitedReceived += length;
            received += length;
            return Verdict.ACCEPTED;
        }
        int index = find(ttt);
        if (index < 0) {
            return Verdict.UNKNOWN_TAG;
        }
        Burst burst = outstanding.get(index);
        if (dataSN != burst.nextDataSN) {
            return Verdict.BAD_DATA_SN;
        }
        if (offset != burst.offset + burst.received || (long) offset + length > (long) burst.offset + burst.length) {
            return Verdict.BAD_OFFSET;
        }
        burst.nextDataSN++;
        burst.received += length;
        received += length;
        if (burst.received == burst.length) {
            spare.add(outstanding.remove(index));
        }
        return Verdict.ACCEPTED;
    }

    private int find(int ttt) {
        for (int i = 0; i < outstanding.size(); i++) {
            if (outstanding.get(i).ttt == ttt) {
                return i;
            }
        }
        return -1;
    }
}
