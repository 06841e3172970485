package org.jtgt.journal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.scsi.CdbFields;
import org.jtgt.scsi.LbaRange;

/**
 * One command as the {@link IoJournal} recorded it when its response went out. Immutable.
 *
 * @param sequence the order in which responses went out on this LUN, from 1; a gap means entries were dropped
 * @param lun the logical unit number
 * @param operation the operation's name, e.g. {@code WRITE(10)} ({@link CdbFields#name()})
 * @param opcode the operation code
 * @param access what the command does to its blocks
 * @param ranges the blocks it addresses (UNMAP: its block descriptors); empty for none
 * @param rangesKnown false only for an UNMAP whose parameter list did not arrive
 * @param fua whether a write asked for force unit access
 * @param transferLength the iSCSI Expected Data Transfer Length, in bytes
 * @param initiator the initiator's iSCSI name
 * @param isid the session's ISID, 12 hex digits
 * @param session the session's id, {@code isid-tsih}: two sessions of one initiator differ here
 * @param receivedNanos when the command arrived, {@link System#nanoTime()} scale
 * @param completedNanos when its response was sent, same scale
 * @param completedAt when its response was sent, wall clock
 * @param status the status it ended with
 * @param sense the sense data of a CHECK CONDITION, else {@code null}
 * @param aborted whether task management or the connection's end aborted it (no response was sent)
 * @param fault the injected fault and the rule that injected it ({@code f2 BUSY}), or {@code null}
 */
public record JournalEntry(
        long sequence,
        int lun,
        String operation,
        int opcode,
        CdbFields.Access access,
        List<LbaRange> ranges,
        boolean rangesKnown,
        boolean fua,
        int transferLength,
        String initiator,
        String isid,
        String session,
        long receivedNanos,
        long completedNanos,
        Instant completedAt,
        ScsiStatus status,
        SenseData sense,
        boolean aborted,
        String fault) {

    public JournalEntry {
        ranges = List.copyOf(ranges);
    }

    /** The first block of the first range, or -1 for a command without blocks. */
    public long lba() {
        return ranges.isEmpty() ? -1 : ranges.get(0).lba();
    }

    /** The blocks of the first range; 0 without one, {@link LbaRange#TO_END} to the end of the medium. */
    public long blocks() {
        return ranges.isEmpty() ? 0 : ranges.get(0).blocks();
    }

    /** From arrival to response. */
    public Duration latency() {
        return Duration.ofNanos(completedNanos - receivedNanos);
    }

    /** When the command arrived, wall clock (derived from the response time and the latency). */
    public Instant receivedAt() {
        return completedAt.minusNanos(completedNanos - receivedNanos);
    }

    /** Whether it ended with GOOD status and was not aborted. */
    public boolean good() {
        return status == ScsiStatus.GOOD && !aborted;
    }

    /** Whether it addresses any block from {@code first} to {@code last}, inclusive. */
    public boolean touches(long first, long last) {
        for (LbaRange r : ranges) {
            if (r.overlaps(first, last)) {
                return true;
            }
        }
        return false;
    }

    /** The highest block it addresses, or -1 for none ({@code Long.MAX_VALUE} for a range to the end). */
    public long lastLba() {
        long last = -1;
        for (LbaRange r : ranges) {
            if (!r.isEmpty()) {
                last = Math.max(last, r.last());
            }
        }
        return last;
    }

    /** E.g. {@code #7 WRITE(10) 0-127 FUA GOOD iqn.2008-11.org.linux-kvm (session 23d000000000-0001) 0.314 ms}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("#").append(sequence).append(' ').append(operation);
        if (!ranges.isEmpty()) {
            b.append(' ').append(ranges.stream().map(LbaRange::toString).collect(Collectors.joining(",")));
        } else if (!rangesKnown) {
            b.append(" ranges unknown");
        }
        if (fua) {
            b.append(" FUA");
        }
        b.append(' ').append(status.name().replace('_', ' '));
        if (sense != null) {
            b.append(' ').append(sense);
        }
        if (aborted) {
            b.append(" aborted");
        }
        if (fault != null) {
            b.append(" fault ").append(fault);
        }
        b.append(' ').append(initiator).append(" (session ").append(session).append(") ");
        b.append(String.format("%.3f ms", (completedNanos - receivedNanos) / 1e6));
        return b.toString();
    }
}
