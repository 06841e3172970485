package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;

/**
 * The answers for a LUN with no logical unit (SPC-4 §4.6.4.2, §6.6.2): INQUIRY reports
 * peripheral qualifier 011b (not capable of supporting a device), REQUEST SENSE returns LOGICAL
 * UNIT NOT SUPPORTED as data, every other command fails with that sense. Stateless.
 */
public final class UnmappedLun {

    private static final int INQUIRY = 0x12;
    private static final int REQUEST_SENSE = 0x03;

    private UnmappedLun() {
    }

    public static void execute(ScsiCommand command) {
        ByteBuffer cdb = command.cdb();
        switch (Cdbs.u8(cdb, 0)) {
            case INQUIRY: {
                byte[] inquiry = new byte[36];
                inquiry[0] = 0x7F;            // qualifier 011b, device type 1Fh
                inquiry[2] = 0x06;            // SPC-4
                inquiry[3] = 0x02;            // response data format 2
                inquiry[4] = 31;
                ByteBuffer out = command.dataIn(Math.min(36, Cdbs.u16(cdb, 3)));
                out.put(inquiry, 0, out.limit());
                command.complete();
                return;
            }
            case REQUEST_SENSE: {
                boolean descriptor = (Cdbs.u8(cdb, 1) & 1) != 0;
                byte[] sense = SenseCodes.LOGICAL_UNIT_NOT_SUPPORTED.encode(descriptor);
                ByteBuffer out = command.dataIn(Math.min(sense.length, Cdbs.u8(cdb, 4)));
                out.put(sense, 0, out.limit());
                command.complete();
                return;
            }
            default:
                command.fail(SenseCodes.LOGICAL_UNIT_NOT_SUPPORTED);
        }
    }
}
