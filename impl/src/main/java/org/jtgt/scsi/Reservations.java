package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;

/**
 * Who may access a logical unit: its RESERVE reservation or its persistent reservation, and the
 * registrations behind the latter. One of the two kinds at a time, as SPC-4 §5.13.3 has it:
 * while any I_T nexus is registered, RESERVE and RELEASE conflict for every nexus; while a
 * RESERVE reservation exists, PERSISTENT RESERVE IN and OUT conflict for every nexus, its
 * holder's included.
 *
 * <h2>RESERVE reservations (SPC-2 §5.5)</h2>
 * Held by one I_T nexus; other nexuses may then run only INQUIRY, REQUEST SENSE, RELEASE (which
 * changes nothing for them) and PREVENT ALLOW MEDIUM REMOVAL that allows, everything else ends
 * in RESERVATION CONFLICT. The holder releases it with RELEASE; it also ends when the holder's
 * nexus is lost and on a logical unit or target reset.
 *
 * <h2>Persistent reservations (SPC-4 §5.13)</h2>
 * Registrations are per I_T nexus (ALL_TG_PT and SPEC_I_PT are not supported) and survive the
 * loss of their nexus and resets; they are not persisted through power loss (no APTPL). A
 * reservation of any of the six types is held by one registered nexus, or for the
 * all-registrants types by every registrant, and restricts the other nexuses by the
 * {@link Access} class of their commands. The service actions below follow SPC-4 §5.13.5 to
 * §5.13.11 in what they change, in the unit attentions they establish for other nexuses
 * (RESERVATIONS PREEMPTED, RESERVATIONS RELEASED, REGISTRATIONS PREEMPTED) and in the
 * generation: REGISTER, REGISTER AND IGNORE EXISTING KEY, CLEAR, PREEMPT and PREEMPT AND ABORT
 * advance it when they succeed (a registration of key zero by an unregistered nexus does
 * nothing at all); RESERVE and RELEASE do not.
 *
 * <h2>Threading</h2>
 * Every change happens under this object's monitor and publishes an immutable
 * {@link Restriction}, or {@code null} when nothing is reserved, to a volatile field;
 * {@link #check}, run for every command, reads only that field, so an unreserved unit costs
 * one volatile read per command. Thread-safe.
 */
final class Reservations {

    /** The persistent reservation types (SPC-4 table 207). */
    enum Type {
        WRITE_EXCLUSIVE(0x1),
        EXCLUSIVE_ACCESS(0x3),
        WRITE_EXCLUSIVE_REGISTRANTS_ONLY(0x5),
        EXCLUSIVE_ACCESS_REGISTRANTS_ONLY(0x6),
        WRITE_EXCLUSIVE_ALL_REGISTRANTS(0x7),
        EXCLUSIVE_ACCESS_ALL_REGISTRANTS(0x8);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        /** The TYPE field. */
        int code() {
            return code;
        }

        /** The type with this TYPE field, or {@code null}. */
        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        /** Whether other nexuses may read (the Write Exclusive types). */
        boolean writeExclusive() {
            return this == WRITE_EXCLUSIVE || this == WRITE_EXCLUSIVE_REGISTRANTS_ONLY || this == WRITE_EXCLUSIVE_ALL_REGISTRANTS;
        }

        /** Whether registrants that do not hold it may access the unit (the registrants-only types). */
        boolean registrantsOnly() {
            return this == WRITE_EXCLUSIVE_REGISTRANTS_ONLY || this == EXCLUSIVE_ACCESS_REGISTRANTS_ONLY;
        }

        /** Whether every registrant holds it. */
        boolean allRegistrants() {
            return this == WRITE_EXCLUSIVE_ALL_REGISTRANTS || this == EXCLUSIVE_ACCESS_ALL_REGISTRANTS;
        }
    }

    /** One registration: an I_T nexus and its reservation key. */
    record Registration(Nexus nexus, long key) {
    }

    /**
     * The persistent reservation state, as PERSISTENT RESERVE IN reports it: the generation,
     * the registrations in the order they were made, and the reservation if there is one.
     *
     * @param type the reservation type, {@code null} if nothing is reserved
     * @param holder the holding nexus; {@code null} for the all-registrants types
     */
    record Status(int generation, List<Registration> registrations, Type type, Nexus holder) {

        /** Whether {@code nexus} holds the reservation. */
        boolean holds(Nexus nexus) {
            return type != null && (type.allRegistrants() ? registrations.stream().anyMatch(r -> r.nexus().equals(nexus))
                    : nexus.equals(holder));
        }

        /** The reservation key READ RESERVATION reports: the holder's, zero for the all-registrants types. */
        long reservationKey() {
            if (type.allRegistrants()) {
                return 0;
            }
            return registrations.stream().filter(r -> r.nexus().equals(holder)).findFirst().orElseThrow().key();
        }
    }

    private final UnitAttentions attentions;

    private Nexus reserveHolder;                                    // the RESERVE reservation
    private final Map<Nexus, Long> registrations = new LinkedHashMap<>();
    private Type type;                                              // the persistent reservation, or null
    private Nexus holder;                                           // null for the all-registrants types
    private int generation;
    private volatile Restriction restriction;

    /** @param attentions where the persistent reservation service actions establish unit attentions */
    Reservations(UnitAttentions attentions) {
        this.attentions = attentions;
    }

    /**
     * Fails with RESERVATION CONFLICT if the unit's reservation keeps {@code nexus} from running
     * {@code command} with this CDB.
     */
    void check(Nexus nexus, CommandTable.Entry command, ByteBuffer cdb) {
        Restriction r = restriction;
        if (r != null && !r.allows(nexus, command.access(cdb))) {
            throw conflict();
        }
    }

    // ---- RESERVE and RELEASE

    /** RESERVE: reserves the unit for {@code nexus}; again by its holder is no change. */
    synchronized void reserve(Nexus nexus) {
        if (!registrations.isEmpty() || reserveHolder != null && !reserveHolder.equals(nexus)) {
            throw conflict();
        }
        reserveHolder = nexus;
        publish();
    }

    /** RELEASE: the holder releases its reservation; from any other nexus it changes nothing. */
    synchronized void release(Nexus nexus) {
        if (!registrations.isEmpty()) {
            throw conflict();
        }
        if (nexus.equals(reserveHolder)) {
            reserveHolder = null;
            publish();
        }
    }

    // ---- PERSISTENT RESERVE IN

    /** The persistent reservation state, for PERSISTENT RESERVE IN. */
    synchronized Status status() {
        requireNoReserve();
        List<Registration> list = new ArrayList<>(registrations.size());
        registrations.forEach((n, k) -> list.add(new Registration(n, k)));
        return new Status(generation, List.copyOf(list), type, holder);
    }

    // ---- PERSISTENT RESERVE OUT

    /**
     * REGISTER, or REGISTER AND IGNORE EXISTING KEY if {@code ignoreExisting}: registers
     * {@code nexus} with {@code newKey}, changes its key to it, or unregisters it if it is zero
     * (releasing a reservation the nexus alone held). Without {@code ignoreExisting},
     * {@code key} must be the nexus's current key, or zero if it has none.
     */
    synchronized void register(Nexus nexus, long key, long newKey, boolean ignoreExisting) {
        requireNoReserve();
        Long current = registrations.get(nexus);
        if (!ignoreExisting && key != (current == null ? 0 : current)) {
            throw conflict();
        }
        if (current == null && newKey == 0) {
            return;
        }
        if (newKey == 0) {
            unregister(nexus);
        } else {
            registrations.put(nexus, newKey);
        }
        generation++;
        publish();
    }

    /** RESERVE: a registered nexus reserves the unit; the same reservation again is no change. */
    synchronized void reserve(Nexus nexus, long key, Type newType) {
        requireRegistered(nexus, key);
        if (type != null) {
            if (newType == type && holds(nexus)) {
                return;
            }
            throw conflict();
        }
        establish(nexus, newType);
        publish();
    }

    /**
     * RELEASE: the holder releases the reservation, which must be of {@code releasedType}
     * (else INVALID RELEASE OF PERSISTENT RESERVATION); other registrants change nothing.
     */
    synchronized void release(Nexus nexus, long key, Type releasedType) {
        requireRegistered(nexus, key);
        if (type == null || !holds(nexus)) {
            return;
        }
        if (releasedType != type) {
            throw new ScsiException(SenseCodes.INVALID_RELEASE_OF_PERSISTENT_RESERVATION);
        }
        boolean tell = type.registrantsOnly() || type.allRegistrants();
        type = null;
        holder = null;
        if (tell) {
            tellRegistrants(nexus, SenseCodes.RESERVATIONS_RELEASED);
        }
        publish();
    }

    /** CLEAR: removes the reservation and every registration. */
    synchronized void clear(Nexus nexus, long key) {
        requireRegistered(nexus, key);
        tellRegistrants(nexus, SenseCodes.RESERVATIONS_PREEMPTED);
        registrations.clear();
        type = null;
        holder = null;
        generation++;
        publish();
    }

    /**
     * PREEMPT and PREEMPT AND ABORT (SPC-4 §5.13.11.2): removes the registrations of
     * {@code victimKey} and, if they hold the reservation, takes it over as {@code newType}; for
     * an all-registrants reservation a {@code victimKey} of zero removes every other
     * registration. {@code newType} is {@code null} if the CDB named no valid scope and type,
     * which is INVALID FIELD IN CDB only where a reservation is established.
     *
     * @return the other nexuses that lost their registration, whose tasks PREEMPT AND ABORT aborts
     */
    synchronized List<Nexus> preempt(Nexus nexus, long key, long victimKey, Type newType) {
        requireRegistered(nexus, key);
        List<Nexus> removed = new ArrayList<>();
        if (type != null && type.allRegistrants() && victimKey == 0) {
            requireType(newType);
            removeRegistrations(r -> !r.getKey().equals(nexus), removed);
            establish(nexus, newType);
        } else if (type != null && !type.allRegistrants() && victimKey == registrations.get(holder)) {
            requireType(newType);
            Type was = type;
            removeRegistrations(r -> r.getValue() == victimKey && !r.getKey().equals(nexus), removed);
            establish(nexus, newType);
            if (newType != was) {
                tellRegistrants(nexus, SenseCodes.RESERVATIONS_RELEASED);
            }
        } else {
            if (victimKey == 0) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 8, -1));
            }
            removeRegistrations(r -> r.getValue() == victimKey, removed);
            if (removed.isEmpty()) {
                throw conflict();
            }
            if (type != null && type.allRegistrants() && registrations.isEmpty()) {
                type = null;
            }
        }
        removed.remove(nexus);
        for (Nexus n : removed) {
            attentions.establish(n, SenseCodes.REGISTRATIONS_PREEMPTED);
        }
        generation++;
        publish();
        return removed;
    }

    // ---- lifecycle

    /** An I_T nexus ended: a RESERVE reservation it held ends with it; its registration stays. */
    synchronized void nexusLost(Nexus nexus) {
        if (nexus.equals(reserveHolder)) {
            reserveHolder = null;
            publish();
        }
    }

    /** A logical unit or target reset ends a RESERVE reservation; persistent ones stay. */
    synchronized void reset() {
        reserveHolder = null;
        publish();
    }

    // ---- under the monitor

    private boolean holds(Nexus nexus) {
        return type.allRegistrants() ? registrations.containsKey(nexus) : nexus.equals(holder);
    }

    private void establish(Nexus nexus, Type newType) {
        type = newType;
        holder = newType.allRegistrants() ? null : nexus;
    }

    /** Removes a registration, and with it a reservation it alone held (SPC-4 §5.13.11.3). */
    private void unregister(Nexus nexus) {
        registrations.remove(nexus);
        if (type == null) {
            return;
        }
        if (type.allRegistrants()) {
            if (registrations.isEmpty()) {
                type = null;
            }
        } else if (nexus.equals(holder)) {
            boolean tell = type.registrantsOnly();
            type = null;
            holder = null;
            if (tell) {
                tellRegistrants(nexus, SenseCodes.RESERVATIONS_RELEASED);
            }
        }
    }

    private void removeRegistrations(Predicate<Map.Entry<Nexus, Long>> which, List<Nexus> removed) {
        for (Iterator<Map.Entry<Nexus, Long>> i = registrations.entrySet().iterator(); i.hasNext();) {
            Map.Entry<Nexus, Long> r = i.next();
            if (which.test(r)) {
                removed.add(r.getKey());
                i.remove();
            }
        }
    }

    /** Establishes a unit attention for every registered nexus but {@code except}. */
    private void tellRegistrants(Nexus except, SenseData condition) {
        for (Nexus n : registrations.keySet()) {
            if (!n.equals(except)) {
                attentions.establish(n, condition);
            }
        }
    }

    private void requireNoReserve() {
        if (reserveHolder != null) {
            throw conflict();
        }
    }

    /** RESERVATION CONFLICT unless {@code nexus} is registered with {@code key}. */
    private void requireRegistered(Nexus nexus, long key) {
        requireNoReserve();
        Long current = registrations.get(nexus);
        if (current == null || current != key) {
            throw conflict();
        }
    }

    private static void requireType(Type t) {
        if (t == null) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
        }
    }

    private void publish() {
        if (reserveHolder != null) {
            restriction = Restriction.reserved(reserveHolder);
        } else if (type != null) {
            restriction = Restriction.persistent(type, holder, Set.copyOf(registrations.keySet()));
        } else {
            restriction = null;
        }
    }

    private static ScsiException conflict() {
        return new ScsiException(ScsiStatus.RESERVATION_CONFLICT);
    }

    /** What a reservation lets other nexuses do. Immutable. */
    private static final class Restriction {

        private final Nexus reserveHolder;
        private final Type type;
        private final Nexus holder;
        private final Set<Nexus> registrants;

        private Restriction(Nexus reserveHolder, Type type, Nexus holder, Set<Nexus> registrants) {
            this.reserveHolder = reserveHolder;
            this.type = type;
            this.holder = holder;
            this.registrants = registrants;
        }

        static Restriction reserved(Nexus holder) {
            return new Restriction(holder, null, null, Set.of());
        }

        static Restriction persistent(Type type, Nexus holder, Set<Nexus> registrants) {
            return new Restriction(null, type, holder, registrants);
        }

        boolean allows(Nexus nexus, Access access) {
            if (reserveHolder != null) {
                if (access == Access.PERSISTENT_RESERVE) {
                    return false;                   // SPC-4 §5.13.3: for the holder too
                }
                return access == Access.ANY || access == Access.RESERVE_RELEASE || reserveHolder.equals(nexus);
            }
            boolean registered = registrants.contains(nexus);
            if (type.allRegistrants() ? registered : nexus.equals(holder)) {
                return true;
            }
            switch (access) {
                case READ:
                    return type.writeExclusive() || type.registrantsOnly() && registered;
                case WRITE:
                    return type.registrantsOnly() && registered;
                default:
                    return true;                    // ANY, STATUS; PR and RESERVE/RELEASE apply their own rules
            }
        }
    }
}
