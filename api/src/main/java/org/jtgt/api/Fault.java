package org.jtgt.api;

import java.time.Duration;
import java.util.Objects;

/**
 * What the engine does to one command instead of (or on top of) running it normally, as a
 * {@link FaultRule} decided. Each fault is one {@link Kind}; create them with the static
 * factories. Immutable; thread-safe.
 */
public final class Fault {

    /** The kinds of fault. */
    public enum Kind {
        /** The command is not run; it ends with CHECK CONDITION and the given sense data. */
        CHECK_CONDITION,
        /** The command is not run; it ends with the given status (BUSY, TASK SET FULL, ...) and no sense data. */
        STATUS,
        /** The command runs normally; its response (data and status) leaves after the given delay. */
        DELAY,
        /** The command is not run; the connection closes at once, as if the network failed. */
        DROP_CONNECTION,
        /** The command runs; its first Data-In PDU with data goes out with a wrong data digest. */
        CORRUPT_DATA_DIGEST,
        /** The command runs; the PDU carrying its status goes out with a wrong header digest. */
        CORRUPT_HEADER_DIGEST,
        /** The command runs; its response is held back and never sent while the rule stays installed. */
        STALL
    }

    private static final Fault DROP = new Fault(Kind.DROP_CONNECTION, null, null, null);
    private static final Fault DATA_DIGEST = new Fault(Kind.CORRUPT_DATA_DIGEST, null, null, null);
    private static final Fault HEADER_DIGEST = new Fault(Kind.CORRUPT_HEADER_DIGEST, null, null, null);
    private static final Fault STALL = new Fault(Kind.STALL, null, null, null);

    private final Kind kind;
    private final ScsiStatus status;
    private final SenseData sense;
    private final Duration delay;

    private Fault(Kind kind, ScsiStatus status, SenseData sense, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.sense = sense;
        this.delay = delay;
    }

    /**
     * The command ends with CHECK CONDITION and {@code sense} without running: a MEDIUM ERROR
     * with the failing LBA in the INFORMATION field ({@link SenseData#withInformation}), a
     * UNIT ATTENTION, any sense key and additional sense code.
     */
    public static Fault checkCondition(SenseData sense) {
        return new Fault(Kind.CHECK_CONDITION, ScsiStatus.CHECK_CONDITION, Objects.requireNonNull(sense, "sense"), null);
    }

    /**
     * The command ends with {@code status} and no sense data without running: BUSY and TASK
     * SET FULL make initiators retry later.
     *
     * @throws IllegalArgumentException for GOOD (not a fault) and CHECK CONDITION (use
     *         {@link #checkCondition}, it needs sense data)
     */
    public static Fault status(ScsiStatus status) {
        if (Objects.requireNonNull(status, "status") == ScsiStatus.GOOD || status == ScsiStatus.CHECK_CONDITION) {
            throw new IllegalArgumentException(status + " is not a status fault; CHECK CONDITION needs sense data (Fault.checkCondition)");
        }
        return new Fault(Kind.STATUS, status, null, null);
    }

    /**
     * The command runs normally and its response leaves {@code delay} later. The delay is
     * scheduled: no thread waits meanwhile.
     *
     * @throws IllegalArgumentException if the delay is zero or negative
     */
    public static Fault delay(Duration delay) {
        if (delay.isNegative() || delay.isZero()) {
            throw new IllegalArgumentException("a delay must be positive, not " + delay);
        }
        return new Fault(Kind.DELAY, null, null, delay);
    }

    /**
     * The connection closes at once and the command does not run: the session ends
     * (ErrorRecoveryLevel 0) with all its tasks, and the initiator has to log in again.
     */
    public static Fault dropConnection() {
        return DROP;
    }

    /**
     * The command runs; the first Data-In PDU that carries data goes out with a wrong data
     * digest. No effect unless the connection negotiated DataDigest=CRC32C and the command
     * returns data.
     */
    public static Fault corruptDataDigest() {
        return DATA_DIGEST;
    }

    /**
     * The command runs; the PDU that carries its status (the SCSI Response, or the last
     * Data-In) goes out with a wrong header digest, which makes the initiator drop the
     * connection. No effect unless the connection negotiated HeaderDigest=CRC32C.
     */
    public static Fault corruptHeaderDigest() {
        return HEADER_DIGEST;
    }

    /**
     * The command runs, but its response is held back: the initiator hears nothing, so its
     * timeouts and task management run. The response is sent when the rule that stalled it
     * is removed; it is dropped, and its buffers released, when task management aborts the
     * task or the session ends.
     */
    public static Fault stall() {
        return STALL;
    }

    public Kind kind() {
        return kind;
    }

    /** The status the command ends with: CHECK CONDITION or the status of a STATUS fault; {@code null} for other kinds. */
    public ScsiStatus status() {
        return status;
    }

    /** The sense data of a CHECK CONDITION fault, else {@code null}. */
    public SenseData sense() {
        return sense;
    }

    /** The delay of a DELAY fault, else {@code null}. */
    public Duration delay() {
        return delay;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Fault f && kind == f.kind && status == f.status && Objects.equals(sense, f.sense)
                && Objects.equals(delay, f.delay);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, status, sense, delay);
    }

    /** E.g. {@code CHECK CONDITION MEDIUM_ERROR 11h/00h info=1000}, {@code BUSY}, {@code DELAY 50 ms}, {@code STALL}. */
    @Override
    public String toString() {
        switch (kind) {
            case CHECK_CONDITION:
                return "CHECK CONDITION " + sense;
            case STATUS:
                return status.name().replace('_', ' ');
            case DELAY:
                return "DELAY " + (delay.toNanos() % 1_000_000 == 0 ? delay.toMillis() + " ms" : delay.toNanos() / 1000 + " us");
            default:
                return kind.name().replace('_', ' ');
        }
    }
}
