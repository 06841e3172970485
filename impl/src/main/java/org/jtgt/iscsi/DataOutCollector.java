package org.jtgt.iscsi;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import org.jtgt.pdu.Bhs;

/**
 * The data-out bookkeeping of one write command (RFC 7143 §4.2.3, §11.7, §11.8): immediate
 * data, unsolicited Data-Out up to the first burst, and solicited Data-Out for each R2T. It
 * decides which R2Ts to send (each at most MaxBurstLength, at most MaxOutstandingR2T at once)
 * and checks every Data-Out against them: tag, DataSN, buffer offset and length. Pure logic;
 * confined to the connection's thread.
 */
final class DataOutCollector {

    /** An R2T to send. */
    record R2tRequest(int ttt, int r2tSN, int offset, int length) {
    }

    /** The outcome of checking one Data-Out PDU. */
    enum Verdict { ACCEPTED, UNKNOWN_TAG, BAD_DATA_SN, BAD_OFFSET }

    private static final class Burst {
        final int ttt;
        final int offset;
        final int length;
        int received;
        int nextDataSN;

        Burst(int ttt, int offset, int length) {
            this.ttt = ttt;
            this.offset = offset;
            this.length = length;
        }
    }

    private final int total;
    private final int unsolicitedEnd;
    private final int maxBurst;
    private final int maxOutstanding;
    private final List<Burst> outstanding = new ArrayList<>();
    private int received;
    private int unsolicitedReceived;
    private int unsolicitedDataSN;
    private int nextR2tOffset;
    private int r2tSN;

    /**
     * @param total the Expected Data Transfer Length
     * @param immediate bytes of immediate data in the command PDU
     * @param unsolicitedEnd where unsolicited data ends (immediate plus unsolicited Data-Out):
     *        the first burst if InitialR2T=No and the command's F bit is 0, else {@code immediate}
     * @param maxBurst MaxBurstLength
     * @param maxOutstanding MaxOutstandingR2T
     */
    DataOutCollector(int total, int immediate, int unsolicitedEnd, int maxBurst, int maxOutstanding) {
        if (immediate > total || unsolicitedEnd < immediate) {
            throw new IllegalArgumentException("immediate " + immediate + ", unsolicited " + unsolicitedEnd + ", total " + total);
        }
        this.total = total;
        this.unsolicitedEnd = Math.min(unsolicitedEnd, total);
        this.maxBurst = maxBurst;
        this.maxOutstanding = maxOutstanding;
        this.received = immediate;
        this.unsolicitedReceived = immediate;
        this.nextR2tOffset = this.unsolicitedEnd;
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

    /** The R2Ts to send now: as many as the outstanding limit allows, for data not yet asked for. */
    List<R2tRequest> nextR2Ts(IntSupplier tags) {
        List<R2tRequest> requests = new ArrayList<>(2);
        while (nextR2tOffset < total && outstanding.size() < maxOutstanding) {
            int length = Math.min(maxBurst, total - nextR2tOffset);
            Burst burst = new Burst(tags.getAsInt(), nextR2tOffset, length);
            outstanding.add(burst);
            requests.add(new R2tRequest(burst.ttt, r2tSN++, burst.offset, length));
            nextR2tOffset += length;
        }
        return requests;
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
        Burst burst = find(ttt);
        if (burst == null) {
            return Verdict.UNKNOWN_TAG;
        }
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
            outstanding.remove(burst);
        }
        return Verdict.ACCEPTED;
    }

    private Burst find(int ttt) {
        for (Burst b : outstanding) {
            if (b.ttt == ttt) {
                return b;
            }
        }
        return null;
    }
}
