package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * READ DEFECT DATA 10 and 12 (SBC-3): a store has no defects, so the answer is a header
 * with empty primary and grown lists, marked valid as requested (PLISTV, GLISTV) in the
 * requested format. Stateless; thread-safe.
 */
final class DefectData {

    private static final int LISTS_AND_FORMAT = 0x1F;   // REQ_PLIST, REQ_GLIST, DEFECT LIST FORMAT

    void readDefectData10(ScsiCommand command, ByteBuffer cdb) {
        reply(command, new byte[] {0, (byte) (Cdbs.u8(cdb, 2) & LISTS_AND_FORMAT), 0, 0}, Cdbs.u16(cdb, 7));
    }

    /** The 12-byte form has an 8-byte header: a generation code and a 32-bit list length. */
    void readDefectData12(ScsiCommand command, ByteBuffer cdb) {
        reply(command, new byte[] {0, (byte) (Cdbs.u8(cdb, 1) & LISTS_AND_FORMAT), 0, 0, 0, 0, 0, 0}, Cdbs.u32(cdb, 6));
    }

    private static void reply(ScsiCommand command, byte[] header, long allocation) {
        ByteBuffer out = command.dataIn((int) Math.min(allocation, header.length));
        out.put(header, 0, out.limit());
        command.complete();
    }
}
