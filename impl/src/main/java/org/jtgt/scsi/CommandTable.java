package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * The commands a disk supports: for each operation code, or operation code and service action,
 * the handler that executes it, how reservations restrict it ({@link Access}), and the CDB
 * usage data that REPORT SUPPORTED OPERATION CODES reports for it (SPC-4 one_command data: the
 * opcode, the service action in its field, then a one bit for every CDB bit the device server
 * evaluates). The dispatcher finds handlers here and
 * {@link SupportedOperations} describes exactly these entries, so the two cannot disagree and
 * adding a command is adding one entry.
 *
 * <p>Immutable once built; thread-safe.
 */
final class CommandTable {

    /** Executes one command; {@code cdb} is the command's CDB, read once by the dispatcher. */
    @FunctionalInterface
    interface Handler {
        void execute(ScsiCommand command, ByteBuffer cdb);
    }

    /**
     * The {@link Access} class of a command; a constant for most, a function of CDB fields for
     * the few whose class depends on them.
     */
    @FunctionalInterface
    interface AccessRule {
        Access of(ByteBuffer cdb);
    }

    /** One supported command. */
    static final class Entry {

        private final int opcode;
        private final int serviceAction;   // -1 for an opcode without service actions
        private final byte[] usage;
        private final AccessRule access;
        private final Handler handler;

        private Entry(int opcode, int serviceAction, byte[] usage, AccessRule access, Handler handler) {
            this.opcode = opcode;
            this.serviceAction = serviceAction;
            this.usage = usage;
            this.access = access;
            this.handler = handler;
        }

        int opcode() {
            return opcode;
        }

        boolean hasServiceAction() {
            return serviceAction >= 0;
        }

        /** The service action, 0 for an opcode without service actions. */
        int serviceAction() {
            return Math.max(serviceAction, 0);
        }

        int cdbLength() {
            return usage.length;
        }

        /** Puts the CDB usage data, {@link #cdbLength()} bytes. */
        void putUsage(ByteBuffer out) {
            out.put(usage);
        }

        /** How reservations restrict this command with this CDB. */
        Access access(ByteBuffer cdb) {
            return access.of(cdb);
        }

        Handler handler() {
            return handler;
        }
    }

    private static final int SERVICE_ACTIONS = 32;      // a 5-bit field in byte 1

    private final Entry[] plain = new Entry[256];
    private final Entry[][] byServiceAction = new Entry[256][];
    private final List<Entry> entries;

    private CommandTable(List<Entry> list) {
        for (Entry e : list) {
            if (e.hasServiceAction()) {
                if (byServiceAction[e.opcode] == null) {
                    byServiceAction[e.opcode] = new Entry[SERVICE_ACTIONS];
                }
                byServiceAction[e.opcode][e.serviceAction] = e;
            } else {
                plain[e.opcode] = e;
            }
        }
        list.sort(Comparator.comparingInt(Entry::opcode).thenComparingInt(Entry::serviceAction));
        this.entries = List.copyOf(list);
    }

    static Builder builder() {
        return new Builder();
    }

    /**
     * The entry for a CDB; fails with INVALID COMMAND OPERATION CODE for an unknown opcode and
     * with INVALID FIELD IN CDB (pointing at the service action) for an unknown service action.
     */
    Entry find(ByteBuffer cdb) {
        int opcode = Cdbs.u8(cdb, 0);
        Entry[] actions = byServiceAction[opcode];
        if (actions == null) {
            Entry e = plain[opcode];
            if (e == null) {
                throw new ScsiException(SenseCodes.INVALID_COMMAND_OPERATION_CODE);
            }
            return e;
        }
        Entry e = actions[Cdbs.u8(cdb, 1) & 0x1F];
        if (e == null) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
        }
        return e;
    }

    /** Whether {@code opcode} is supported with service actions. */
    boolean hasServiceActions(int opcode) {
        return byServiceAction[opcode] != null;
    }

    /** The entry for an opcode without service actions, or {@code null}. */
    Entry plain(int opcode) {
        return plain[opcode];
    }

    /** The entry for an opcode and one of its service actions, or {@code null}. */
    Entry serviceAction(int opcode, int serviceAction) {
        Entry[] actions = byServiceAction[opcode];
        return actions == null || serviceAction < 0 || serviceAction >= SERVICE_ACTIONS ? null : actions[serviceAction];
    }

    /** Every entry, by opcode and service action. */
    List<Entry> entries() {
        return entries;
    }

    /** Collects the entries; rejects a command added twice and a usage map of the wrong length. */
    static final class Builder {

        private final List<Entry> list = new ArrayList<>();

        private Builder() {
        }

        /**
         * A command without service actions.
         *
         * @param usage the usage map of CDB bytes 1 to the end, in hex (spaces are ignored)
         */
        Builder command(int opcode, String usage, AccessRule access, Handler handler) {
            return add(opcode, -1, 0, usage, access, handler);
        }

        /**
         * A service action of an opcode that has them in bits 4..0 of CDB byte 1.
         *
         * @param usage the usage map of CDB bytes 2 to the end, in hex (spaces are ignored)
         */
        Builder serviceAction(int opcode, int serviceAction, String usage, AccessRule access, Handler handler) {
            return serviceAction(opcode, serviceAction, 0, usage, access, handler);
        }

        /**
         * A service action whose CDB byte 1 also holds flags (bits 7..5) the handler evaluates,
         * such as IMMED.
         *
         * @param flags the flag bits of byte 1 for the usage map
         * @param usage the usage map of CDB bytes 2 to the end, in hex (spaces are ignored)
         */
        Builder serviceAction(int opcode, int serviceAction, int flags, String usage, AccessRule access, Handler handler) {
            if (serviceAction < 0 || serviceAction >= SERVICE_ACTIONS || (flags & ~0xE0) != 0) {
                throw new IllegalArgumentException("service action " + serviceAction + ", flags " + flags);
            }
            return add(opcode, serviceAction, flags, usage, access, handler);
        }

        private Builder add(int opcode, int serviceAction, int flags, String usage, AccessRule access, Handler handler) {
            byte[] map = HexFormat.of().parseHex(usage.replace(" ", ""));
            int prefix = serviceAction < 0 ? 1 : 2;
            byte[] full = new byte[prefix + map.length];
            full[0] = (byte) opcode;
            if (serviceAction >= 0) {
                full[1] = (byte) (flags | serviceAction);
            }
            System.arraycopy(map, 0, full, prefix, map.length);
            int expected = cdbLength(opcode);
            if (expected > 0 && full.length != expected) {
                throw new IllegalArgumentException(String.format("opcode %02x has a %d-byte CDB, not %d", opcode, expected, full.length));
            }
            for (Entry e : list) {
                if (e.opcode == opcode && (e.serviceAction == serviceAction || e.hasServiceAction() != serviceAction >= 0)) {
                    throw new IllegalArgumentException(String.format("opcode %02x/%d added twice", opcode, serviceAction));
                }
            }
            list.add(new Entry(opcode, serviceAction, full, access, handler));
            return this;
        }

        CommandTable build() {
            return new CommandTable(new ArrayList<>(list));
        }

        /** The CDB length of an opcode's group (SPC-4), or 0 where the group does not fix it. */
        private static int cdbLength(int opcode) {
            switch (opcode >>> 5) {
                case 0:
                    return 6;
                case 1:
                case 2:
                    return 10;
                case 4:
                    return 16;
                case 5:
                    return 12;
                default:
                    return 0;
            }
        }
    }
}
