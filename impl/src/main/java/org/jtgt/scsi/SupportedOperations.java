package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * The MAINTENANCE IN service actions that describe what the device server supports (SPC-4).
 *
 * <p>REPORT SUPPORTED OPERATION CODES describes exactly the entries of a disk's
 * {@link CommandTable}, the table its dispatcher executes, with these reporting options: 000b
 * all commands, 001b one operation code without service actions, 010b one operation code and
 * service action. Any other option, 001b for an opcode that has service actions and 010b for
 * one that has none are INVALID FIELD IN CDB pointing at the REPORTING OPTIONS field (byte 2;
 * an initiator reads a pointer at byte 1 as "service action not supported"). With RCTD every
 * descriptor carries a command timeouts descriptor: nominal time not specified, recommended
 * timeout {@value #RECOMMENDED_TIMEOUT_SECONDS} s.
 *
 * <p>REPORT SUPPORTED TASK MANAGEMENT FUNCTIONS reports what jtgt's iSCSI layer performs:
 * ABORT TASK, ABORT TASK SET, CLEAR TASK SET, LOGICAL UNIT RESET and target reset (iSCSI
 * TARGET WARM/COLD RESET); with REPTD, the extended form without timeouts.
 *
 * <p>Stateless; thread-safe.
 */
final class SupportedOperations {

    static final int RECOMMENDED_TIMEOUT_SECONDS = 30;

    private static final int RCTD = 0x80;
    private static final int ALL = 0;
    private static final int ONE_COMMAND = 1;
    private static final int ONE_SERVICE_ACTION = 2;
    private static final int SUPPORTED = 0x03;
    private static final int NOT_SUPPORTED = 0x01;
    private static final int TIMEOUTS_LENGTH = 12;

    /** ATS, ATSS, CTSS, LURS, TRS: byte 0 of the task management functions data. */
    private static final int TASK_MANAGEMENT_FUNCTIONS = 0xDA;
    private static final int REPTD = 0x80;

    private SupportedOperations() {
    }

    static void reportOperationCodes(ScsiCommand command, ByteBuffer cdb, CommandTable table) {
        boolean timeouts = (Cdbs.u8(cdb, 2) & RCTD) != 0;
        int options = Cdbs.u8(cdb, 2) & 0x07;
        int opcode = Cdbs.u8(cdb, 3);
        ByteBuffer data;
        switch (options) {
            case ALL:
                data = all(table, timeouts);
                break;
            case ONE_COMMAND:
                if (table.hasServiceActions(opcode)) {
                    throw invalidOptions();
                }
                data = one(table.plain(opcode), timeouts);
                break;
            case ONE_SERVICE_ACTION:
                if (table.plain(opcode) != null) {
                    throw invalidOptions();
                }
                data = one(table.serviceAction(opcode, Cdbs.u16(cdb, 4)), timeouts);
                break;
            default:
                throw invalidOptions();
        }
        ByteBuffer out = command.dataIn((int) Math.min(Cdbs.u32(cdb, 6), data.flip().remaining()));
        out.put(data.limit(out.limit()));
        command.complete();
    }

    private static ScsiException invalidOptions() {
        return new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, 2));
    }

    /** All-commands data: a length, then per command a descriptor and, with RCTD, its timeouts. */
    private static ByteBuffer all(CommandTable table, boolean timeouts) {
        int each = 8 + (timeouts ? TIMEOUTS_LENGTH : 0);
        ByteBuffer b = ByteBuffer.allocate(4 + each * table.entries().size());
        b.putInt(each * table.entries().size());
        for (CommandTable.Entry e : table.entries()) {
            b.put((byte) e.opcode()).put((byte) 0).putShort((short) e.serviceAction()).put((byte) 0);
            b.put((byte) ((timeouts ? 0x02 : 0) | (e.hasServiceAction() ? 0x01 : 0)));     // CTDP, SERVACTV
            b.putShort((short) e.cdbLength());
            if (timeouts) {
                putTimeouts(b);
            }
        }
        return b;
    }

    /** One-command data: support, CDB size, the usage data and, with RCTD, the timeouts. */
    private static ByteBuffer one(CommandTable.Entry e, boolean timeouts) {
        if (e == null) {
            return ByteBuffer.allocate(4).put(1, (byte) NOT_SUPPORTED).position(4);
        }
        ByteBuffer b = ByteBuffer.allocate(4 + e.cdbLength() + (timeouts ? TIMEOUTS_LENGTH : 0));
        b.put((byte) 0).put((byte) ((timeouts ? 0x80 : 0) | SUPPORTED)).putShort((short) e.cdbLength());
        e.putUsage(b);
        if (timeouts) {
            putTimeouts(b);
        }
        return b;
    }

    private static void putTimeouts(ByteBuffer b) {
        b.putShort((short) (TIMEOUTS_LENGTH - 2)).put((byte) 0).put((byte) 0);
        b.putInt(0);                                        // nominal command processing timeout: not specified
        b.putInt(RECOMMENDED_TIMEOUT_SECONDS);
    }

    static void reportTaskManagementFunctions(ScsiCommand command, ByteBuffer cdb) {
        boolean extended = (Cdbs.u8(cdb, 2) & REPTD) != 0;
        byte[] data = new byte[extended ? 16 : 4];
        data[0] = (byte) TASK_MANAGEMENT_FUNCTIONS;
        if (extended) {
            data[3] = 0x0C;                                 // additional data length; TMFTMOV 0: no timeouts
        }
        ByteBuffer out = command.dataIn((int) Math.min(Cdbs.u32(cdb, 6), data.length));
        out.put(data, 0, out.limit());
        command.complete();
    }
}
