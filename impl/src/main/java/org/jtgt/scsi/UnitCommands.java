package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * The commands about the state of the unit rather than its data, for a disk that is always
 * ready and whose medium cannot be removed: TEST UNIT READY; REQUEST SENSE, which returns the
 * oldest unit attention pending for the nexus and clears it, else the sanitize condition (its
 * progress while an operation runs, SANITIZE COMMAND FAILED in the failure mode), else NO
 * SENSE (there are no deferred errors), in the format asked for; START STOP UNIT, which changes no
 * state (nothing to spin down or eject) but flushes the store when asked to stop without
 * NO_FLUSH; PREVENT ALLOW MEDIUM REMOVAL, accepted with nothing to prevent. Holds no state
 * of its own; thread-safe.
 */
final class UnitCommands {

    private static final int START = 0x01;
    private static final int NO_FLUSH = 0x04;
    private static final int PREVENT_MASK = 0x03;

    private final Medium medium;
    private final StoreRunner runner;
    private final UnitAttentions attentions;
    private final SanitizeProgress sanitize;

    UnitCommands(Medium medium, StoreRunner runner, UnitAttentions attentions, SanitizeProgress sanitize) {
        this.medium = medium;
        this.runner = runner;
        this.attentions = attentions;
        this.sanitize = sanitize;
    }

    void testUnitReady(ScsiCommand command, ByteBuffer cdb) {
        command.complete();
    }

    void requestSense(ScsiCommand command, ByteBuffer cdb) {
        boolean descriptor = (Cdbs.u8(cdb, 1) & 1) != 0;
        SenseData pending = attentions.take(command.nexus());
        if (pending == null) {
            pending = sanitize.condition();
        }
        byte[] sense = (pending != null ? pending : SenseCodes.NO_SENSE).encode(descriptor);
        ByteBuffer out = command.dataIn(Math.min(sense.length, Cdbs.u8(cdb, 4)));
        out.put(sense, 0, out.limit());
        command.complete();
    }

    /** Byte 4: POWER CONDITION (7..4; 0 means the START bit counts), NO_FLUSH, LOEJ, START. */
    void startStopUnit(ScsiCommand command, ByteBuffer cdb) {
        int flags = Cdbs.u8(cdb, 4);
        boolean stop = flags >>> 4 == 0 && (flags & START) == 0;
        if (stop && (flags & NO_FLUSH) == 0) {
            runner.run(command, medium::flush);
        } else {
            command.complete();
        }
    }

    /** PREVENT 00b allows and 01b prevents removal; 10b and 11b are obsolete (medium changers). */
    void preventAllowMediumRemoval(ScsiCommand command, ByteBuffer cdb) {
        if ((Cdbs.u8(cdb, 4) & PREVENT_MASK) > 1) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 4, 1));
        }
        command.complete();
    }
}
