package org.jtgt.fault;

import java.time.Duration;
import java.util.Locale;
import org.jtgt.api.CommandInfo;
import org.jtgt.api.Fault;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;
import org.jtgt.scsi.CdbFields;
import org.jtgt.scsi.SenseCodes;

/**
 * What a built-in rule does to a command its {@link FaultMatcher} hit: the {@link Fault} for
 * that command, and the action's text in the rule syntax ({@code medium-error},
 * {@code latency 50ms}, ...). Immutable; thread-safe.
 */
public final class FaultAction {

    private final String text;
    private final Fault fixed;     // null: the fault depends on the command (medium error)

    private FaultAction(String text, Fault fixed) {
        this.text = text;
        this.fixed = fixed;
    }

    /**
     * CHECK CONDITION, MEDIUM ERROR: UNRECOVERED READ ERROR (11h/00h), or WRITE ERROR (0Ch/00h)
     * for commands that write, with the first failing block in the INFORMATION field: the
     * command's first block inside the matcher's LBA range (its first block without one).
     */
    public static FaultAction mediumError() {
        return new FaultAction("medium-error", null);
    }

    /** BUSY status: initiators retry later. */
    public static FaultAction busy() {
        return new FaultAction("busy", Fault.status(ScsiStatus.BUSY));
    }

    /** TASK SET FULL status: initiators retry later, with fewer commands outstanding. */
    public static FaultAction taskSetFull() {
        return new FaultAction("task-set-full", Fault.status(ScsiStatus.TASK_SET_FULL));
    }

    /** CHECK CONDITION, UNIT ATTENTION with the given additional sense code and qualifier. */
    public static FaultAction unitAttention(int asc, int ascq) {
        return new FaultAction(String.format("unit-attention asc=%02X ascq=%02X", asc, ascq),
                Fault.checkCondition(SenseData.of(SenseKey.UNIT_ATTENTION, asc, ascq)));
    }

    /** CHECK CONDITION with any sense key and additional sense code. */
    public static FaultAction sense(SenseKey key, int asc, int ascq) {
        return new FaultAction(String.format("sense key=%s asc=%02X ascq=%02X", key.name().toLowerCase(Locale.ROOT).replace('_', '-'), asc,
                ascq), Fault.checkCondition(SenseData.of(key, asc, ascq)));
    }

    /** The response leaves {@code delay} later. */
    public static FaultAction latency(Duration delay) {
        return new FaultAction("latency " + durationText(delay), Fault.delay(delay));
    }

    public static FaultAction dropConnection() {
        return new FaultAction("drop-connection", Fault.dropConnection());
    }

    public static FaultAction corruptDataDigest() {
        return new FaultAction("corrupt-data-digest", Fault.corruptDataDigest());
    }

    public static FaultAction corruptHeaderDigest() {
        return new FaultAction("corrupt-header-digest", Fault.corruptHeaderDigest());
    }

    public static FaultAction stall() {
        return new FaultAction("stall", Fault.stall());
    }

    /**
     * The fault for one hit command.
     *
     * @param firstLba the first block of the matcher's LBA range, or -1 without one
     */
    public Fault faultFor(CommandInfo command, long firstLba) {
        if (fixed != null) {
            return fixed;
        }
        SenseData sense = CdbFields.access(command.opcode()) == CdbFields.Access.WRITE ? SenseCodes.WRITE_ERROR : SenseCodes.UNRECOVERED_READ_ERROR;
        long lba = command.lba();
        return Fault.checkCondition(lba < 0 ? sense : sense.withInformation(Math.max(lba, firstLba)));
    }

    private static String durationText(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        return nanos / 1000 + "us";
    }

    /** The action in the rule syntax, e.g. {@code latency 50ms}. */
    @Override
    public String toString() {
        return text;
    }
}
