package org.jtgt.scsi;

import java.nio.ByteBuffer;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;

/**
 * Who may access a logical unit: its reservation. A RESERVE(6)/(10) reservation (SPC-2 §5.5)
 * belongs to one I_T nexus; other nexuses may then run only INQUIRY, REQUEST SENSE, RELEASE
 * (which changes nothing for them) and PREVENT ALLOW MEDIUM REMOVAL that allows, everything
 * else ends in RESERVATION CONFLICT. The holder releases it with RELEASE; it also ends when the
 * holder's nexus is lost and on a logical unit or target reset.
 *
 * <h2>Threading</h2>
 * Every change happens under this object's monitor and publishes an immutable
 * {@link Restriction}, or {@code null} when nothing is reserved, to a volatile field;
 * {@link #check}, run for every command, reads only that field, so an unreserved unit costs
 * one volatile read per command. Thread-safe.
 */
final class Reservations {

    private Nexus holder;
    private volatile Restriction restriction;

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

    /** RESERVE: reserves the unit for {@code nexus}; again by its holder is no change. */
    synchronized void reserve(Nexus nexus) {
        if (holder != null && !holder.equals(nexus)) {
            throw conflict();
        }
        holder = nexus;
        publish();
    }

    /** RELEASE: the holder releases its reservation; from any other nexus it changes nothing. */
    synchronized void release(Nexus nexus) {
        if (nexus.equals(holder)) {
            holder = null;
            publish();
        }
    }

    /** An I_T nexus ended: a reservation it held ends with it. */
    synchronized void nexusLost(Nexus nexus) {
        release(nexus);
    }

    /** A logical unit or target reset ends a RESERVE reservation. */
    synchronized void reset() {
        holder = null;
        publish();
    }

    private void publish() {
        restriction = holder == null ? null : new Restriction(holder);
    }

    private static ScsiException conflict() {
        return new ScsiException(ScsiStatus.RESERVATION_CONFLICT);
    }

    /** What a RESERVE reservation lets other nexuses do. Immutable. */
    private static final class Restriction {

        private final Nexus holder;

        Restriction(Nexus holder) {
            this.holder = holder;
        }

        boolean allows(Nexus nexus, Access access) {
            if (access == Access.PERSISTENT_RESERVE) {
                return false;                       // SPC-4 §5.13.3: for the holder too
            }
            return access == Access.ANY || access == Access.RESERVE_RELEASE || holder.equals(nexus);
        }
    }
}
