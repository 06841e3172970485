package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;

/**
 * PERSISTENT RESERVE IN and OUT (SPC-4 §6.15, §6.16): the CDBs and parameter data of the
 * service actions, over the unit's {@link Reservations}, which holds the state and its rules.
 *
 * <p>IN: READ KEYS, READ RESERVATION, REPORT CAPABILITIES and READ FULL STATUS, each cut to the
 * allocation length with its ADDITIONAL LENGTH untouched. REPORT CAPABILITIES states what the
 * unit does: CRH (RESERVE and RELEASE follow SPC-4 §5.13.3), no SPEC_I_PT, no ALL_TG_PT, no
 * APTPL, ALLOW COMMANDS 011b (TEST UNIT READY passes every persistent reservation, the reading
 * commands pass Write Exclusive ones), all six reservation types.
 *
 * <p>OUT: REGISTER, RESERVE, RELEASE, CLEAR, PREEMPT, PREEMPT AND ABORT and REGISTER AND
 * IGNORE EXISTING KEY; REGISTER AND MOVE and REPLACE LOST RESERVATION are not supported (the
 * dispatcher answers INVALID FIELD IN CDB at the service action). The parameter list is the
 * 24-byte basic one: another PARAMETER LIST LENGTH is PARAMETER LIST LENGTH ERROR; SPEC_I_PT,
 * and ALL_TG_PT or APTPL where they apply, are INVALID FIELD IN PARAMETER LIST. RESERVE and
 * RELEASE need scope LU_SCOPE and a defined type (else INVALID FIELD IN CDB). PREEMPT AND ABORT
 * aborts the tasks of every other nexus whose registration it removed, through the engine;
 * with TAS set they end in TASK ABORTED.
 *
 * <p>Holds no state of its own; thread-safe.
 */
final class PersistentReserve {

    private static final int PARAMETER_LIST_LENGTH = 24;
    private static final int SPEC_I_PT = 0x08;
    private static final int ALL_TG_PT = 0x04;
    private static final int APTPL = 0x01;
    private static final int LU_SCOPE = 0;
    private static final int HEADER = 8;

    /** REPORT CAPABILITIES: LENGTH 8; CRH; TMV, ALLOW COMMANDS 011b; the type mask; reserved. */
    private static final byte[] CAPABILITIES = {0, 8, 0x10, (byte) 0xB0, (byte) 0xEA, 0x01, 0, 0};
    /** TransportID byte 0: FORMAT CODE 01b (name and ISID), PROTOCOL IDENTIFIER 5h (iSCSI). */
    private static final int ISCSI_PORT_TRANSPORT_ID = 0x45;

    private final Reservations reservations;
    private final Consumer<Nexus> taskAborter;

    /** @param taskAborter aborts the tasks of an I_T nexus on this unit (PREEMPT AND ABORT) */
    PersistentReserve(Reservations reservations, Consumer<Nexus> taskAborter) {
        this.reservations = reservations;
        this.taskAborter = taskAborter;
    }

    void in(ScsiCommand command, ByteBuffer cdb) {
        Reservations.Status status = reservations.status();
        byte[] data;
        switch (Cdbs.u8(cdb, 1) & 0x1F) {
            case Opcodes.SA_READ_KEYS:
                data = readKeys(status);
                break;
            case Opcodes.SA_READ_RESERVATION:
                data = readReservation(status);
                break;
            case Opcodes.SA_REPORT_CAPABILITIES:
                data = CAPABILITIES;
                break;
            default:
                data = readFullStatus(status);
                break;
        }
        ByteBuffer out = command.dataIn(Math.min(Cdbs.u16(cdb, 7), data.length));
        out.put(data, 0, out.limit());
        command.complete();
    }

    void out(ScsiCommand command, ByteBuffer cdb) {
        int action = Cdbs.u8(cdb, 1) & 0x1F;
        int scope = Cdbs.u8(cdb, 2) >>> 4;
        Reservations.Type type = scope == LU_SCOPE ? Reservations.Type.of(Cdbs.u8(cdb, 2) & 0x0F) : null;
        if (action == Opcodes.SA_RESERVE || action == Opcodes.SA_RELEASE) {
            if (scope != LU_SCOPE) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, 7));
            }
            if (type == null) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, 3));
            }
        }
        if (Cdbs.u32(cdb, 5) != PARAMETER_LIST_LENGTH) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        ByteBuffer list = command.dataOut(PARAMETER_LIST_LENGTH);
        if (list.remaining() < PARAMETER_LIST_LENGTH) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        long key = Cdbs.u64(list, 0);
        long serviceActionKey = Cdbs.u64(list, 8);
        int flags = Cdbs.u8(list, 20);
        boolean registering = action == Opcodes.SA_REGISTER || action == Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY;
        if ((flags & SPEC_I_PT) != 0) {
            throw invalidParameter(3);
        }
        if (registering && (flags & ALL_TG_PT) != 0) {
            throw invalidParameter(2);
        }
        if (registering && (flags & APTPL) != 0) {
            throw invalidParameter(0);
        }
        Nexus nexus = command.nexus();
        switch (action) {
            case Opcodes.SA_REGISTER:
                reservations.register(nexus, key, serviceActionKey, false);
                break;
            case Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY:
                reservations.register(nexus, key, serviceActionKey, true);
                break;
            case Opcodes.SA_RESERVE:
                reservations.reserve(nexus, key, type);
                break;
            case Opcodes.SA_RELEASE:
                reservations.release(nexus, key, type);
                break;
            case Opcodes.SA_CLEAR:
                reservations.clear(nexus, key);
                break;
            case Opcodes.SA_PREEMPT:
                reservations.preempt(nexus, key, serviceActionKey, type);
                break;
            default:                                    // PREEMPT AND ABORT
                reservations.preempt(nexus, key, serviceActionKey, type).forEach(taskAborter);
                break;
        }
        command.complete();
    }

    private static ScsiException invalidParameter(int bit) {
        return new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 20, bit));
    }

    private static byte[] readKeys(Reservations.Status s) {
        ByteBuffer b = header(s, 8 * s.registrations().size());
        for (Reservations.Registration r : s.registrations()) {
            b.putLong(r.key());
        }
        return b.array();
    }

    /** The reservation: its key, then (after four obsolete bytes and a reserved one) scope and type. */
    private static byte[] readReservation(Reservations.Status s) {
        if (s.type() == null) {
            return header(s, 0).array();
        }
        ByteBuffer b = header(s, 16);
        b.putLong(s.reservationKey()).putInt(0).put((byte) 0).put((byte) (LU_SCOPE << 4 | s.type().code())).putShort((short) 0);
        return b.array();
    }

    /** A full status descriptor per registration, with the nexus's initiator port as an iSCSI TransportID. */
    private static byte[] readFullStatus(Reservations.Status s) {
        byte[][] ids = new byte[s.registrations().size()][];
        int length = 0;
        for (int i = 0; i < ids.length; i++) {
            ids[i] = transportId(s.registrations().get(i).nexus());
            length += 24 + ids[i].length;
        }
        ByteBuffer b = header(s, length);
        for (int i = 0; i < ids.length; i++) {
            Reservations.Registration r = s.registrations().get(i);
            boolean holds = s.holds(r.nexus());
            b.putLong(r.key()).putInt(0);
            b.put((byte) (holds ? 1 : 0));                                      // ALL_TG_PT 0, R_HOLDER
            b.put((byte) (holds ? LU_SCOPE << 4 | s.type().code() : 0));
            b.putInt(0).putShort((short) InquiryPages.RELATIVE_TARGET_PORT);
            b.putInt(ids[i].length).put(ids[i]);
        }
        return b.array();
    }

    /** An iSCSI TransportID of format 01b: the initiator port name, NUL-terminated, padded to 4 bytes, at least 20. */
    private static byte[] transportId(Nexus nexus) {
        byte[] name = nexus.initiatorPortName().getBytes(StandardCharsets.UTF_8);
        int additional = Math.max(20, (name.length + 4) & ~3);
        ByteBuffer b = ByteBuffer.allocate(4 + additional);
        b.put((byte) ISCSI_PORT_TRANSPORT_ID).put((byte) 0).putShort((short) additional).put(name);
        return b.array();
    }

    /** A buffer for PERSISTENT RESERVE IN data: PRGENERATION and ADDITIONAL LENGTH, then {@code length} bytes. */
    private static ByteBuffer header(Reservations.Status s, int length) {
        return ByteBuffer.allocate(HEADER + length).putInt(s.generation()).putInt(length);
    }
}
