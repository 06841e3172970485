package org.jtgt.api;

import java.util.Objects;

/**
 * A SCSI command failed with a status and, for CHECK CONDITION, sense data. Logical units
 * throw it from deep inside their command handling; the engine (or the logical unit) completes
 * the command with {@link #status()} and {@link #sense()}. Unchecked, so that a store or codec
 * several calls down can raise it.
 */
public class ScsiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ScsiStatus status;
    private final transient SenseData sense;

    /** CHECK CONDITION with the given sense data. */
    public ScsiException(SenseData sense) {
        super(sense.toString(), null, false, false);
        this.status = ScsiStatus.CHECK_CONDITION;
        this.sense = sense;
    }

    /** CHECK CONDITION with the given sense key and additional sense code. */
    public ScsiException(SenseKey key, int asc, int ascq) {
        this(SenseData.of(key, asc, ascq));
    }

    /** A status without sense data, e.g. RESERVATION CONFLICT or BUSY. */
    public ScsiException(ScsiStatus status) {
        super(status.name(), null, false, false);
        if (Objects.requireNonNull(status) == ScsiStatus.CHECK_CONDITION || status == ScsiStatus.GOOD) {
            throw new IllegalArgumentException(status + " needs sense data or is not an error");
        }
        this.status = status;
        this.sense = null;
    }

    public ScsiStatus status() {
        return status;
    }

    /** The sense data, or {@code null} unless {@link #status()} is CHECK CONDITION. */
    public SenseData sense() {
        return sense;
    }
}
