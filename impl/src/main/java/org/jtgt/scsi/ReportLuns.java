package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.Collection;
import org.jtgt.api.ScsiCommand;
import org.jtgt.pdu.Lun;

/**
 * REPORT LUNS (SPC-4 §6.33), which the engine answers for any LUN of a target from the
 * target's LUN map. Stateless.
 */
public final class ReportLuns {

    private ReportLuns() {
    }

    /** Answers a REPORT LUNS command with the given mapped LUNs. */
    public static void execute(ScsiCommand command, Collection<Integer> luns) {
        ByteBuffer cdb = command.cdb();
        int select = Cdbs.u8(cdb, 2);
        long allocation = Cdbs.u32(cdb, 6);
        if (allocation < 16) {
            command.fail(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 6, -1));
            return;
        }
        int count;
        switch (select) {
            case 0x00:
            case 0x02:
                count = luns.size();
                break;
            case 0x01:
            case 0x10:
            case 0x11:
            case 0x12:
                count = 0;     // no well-known and no administrative logical units
                break;
            default:
                command.fail(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
                return;
        }
        int length = 8 + 8 * count;
        ByteBuffer data = ByteBuffer.allocate(length);
        data.putInt(0, 8 * count);
        int at = 8;
        if (count > 0) {
            for (int lun : luns) {
                data.putLong(at, Lun.encode(lun));
                at += 8;
            }
        }
        ByteBuffer out = command.dataIn((int) Math.min(length, allocation));
        out.put(data.limit(out.limit()));
        command.complete();
    }
}
