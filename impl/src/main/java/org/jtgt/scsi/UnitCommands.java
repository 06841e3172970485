package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * The commands about the state of the unit rather than its data: TEST UNIT READY (always
 * ready) and REQUEST SENSE (no deferred errors or pending sense, so NO SENSE in
 * the format asked for). Stateless; thread-safe.
 */
final class UnitCommands {

    void testUnitReady(ScsiCommand command, ByteBuffer cdb) {
        command.complete();
    }

    void requestSense(ScsiCommand command, ByteBuffer cdb) {
        boolean descriptor = (Cdbs.u8(cdb, 1) & 1) != 0;
        byte[] sense = SenseCodes.NO_SENSE.encode(descriptor);
        ByteBuffer out = command.dataIn(Math.min(sense.length, Cdbs.u8(cdb, 4)));
        out.put(sense, 0, out.limit());
        command.complete();
    }
}
