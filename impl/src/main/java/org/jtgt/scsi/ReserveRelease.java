package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * RESERVE(6), RELEASE(6), RESERVE(10) and RELEASE(10) (SPC-2 §7.21 to §7.24) over the unit's
 * {@link Reservations}: the command's I_T nexus reserves or releases the whole logical unit.
 * Third-party reservations (3RDPTY, LONGID of the 10-byte forms) are not supported and are
 * INVALID FIELD IN CDB; the obsolete fields of the 6-byte forms are ignored. Holds no state of
 * its own; thread-safe.
 */
final class ReserveRelease {

    private static final int THIRD_PARTY = 0x10;
    private static final int LONG_ID = 0x02;

    private final Reservations reservations;

    ReserveRelease(Reservations reservations) {
        this.reservations = reservations;
    }

    void reserve(ScsiCommand command, ByteBuffer cdb) {
        checkNoThirdParty(cdb);
        reservations.reserve(command.nexus());
        command.complete();
    }

    void release(ScsiCommand command, ByteBuffer cdb) {
        checkNoThirdParty(cdb);
        reservations.release(command.nexus());
        command.complete();
    }

    private static void checkNoThirdParty(ByteBuffer cdb) {
        if (Cdbs.u8(cdb, 0) == Opcodes.RESERVE_6 || Cdbs.u8(cdb, 0) == Opcodes.RELEASE_6) {
            return;
        }
        int flags = Cdbs.u8(cdb, 1);
        if ((flags & THIRD_PARTY) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
        }
        if ((flags & LONG_ID) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 1));
        }
    }
}
