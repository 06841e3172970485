package org.jtgt.api;

import java.io.Closeable;
import java.io.IOException;

/**
 * A SCSI logical unit: executes commands addressed to one LUN of a target. The built-in
 * {@code disk} is an SBC direct-access device over a {@link BackingStore}.
 *
 * <h2>Threading</h2>
 * {@link #execute} is called from the I/O worker that owns the initiator's connection, from
 * several workers at once for different initiators. It must not block: work that waits on a
 * blocking store goes to {@link LogicalUnitContext#blockingExecutor()}. State shared between
 * initiators (reservations, unit attentions) must be thread-safe.
 *
 * <h2>Errors</h2>
 * Every command ends in a completion (see {@link ScsiCommand}). If {@code execute} throws a
 * {@link ScsiException} before completing, the engine completes the command with it; any other
 * exception is a bug: it is logged and the command ends in CHECK CONDITION, HARDWARE ERROR,
 * INTERNAL TARGET FAILURE. Nothing a logical unit does can close the connection.
 *
 * <p>REPORT LUNS and commands to LUNs with no logical unit are answered by the engine, never
 * by a logical unit.
 */
public interface LogicalUnit extends Closeable {

    /** Executes one command and completes it, now or later, exactly once. */
    void execute(ScsiCommand command);

    /**
     * The capacity in bytes, for management and discovery; a disk reports its store's size.
     */
    long capacity();

    /** The device type this unit implements, e.g. {@code disk}. */
    String deviceType();

    /**
     * Whether CHECK CONDITION sense data goes out in descriptor format (the D_SENSE bit of the
     * control mode page) rather than fixed format. The default is fixed format.
     */
    default boolean descriptorSense() {
        return false;
    }

    /**
     * A reset from task management, after the engine has aborted the unit's tasks of every
     * initiator: the unit clears what a reset clears (RESERVE reservations, prevention of medium
     * removal, mode parameters back to their saved values) and establishes the unit attentions
     * SAM-5 requires (29h/03h BUS DEVICE RESET FUNCTION OCCURRED for a LOGICAL UNIT RESET, 29h/00h
     * for target resets) for every I_T nexus, the issuer's included. Called on the issuer's
     * I/O worker; must not block. The default does nothing.
     *
     * @param kind which reset
     * @param issuer the nexus whose task management request caused it
     */
    default void reset(ResetKind kind, Nexus issuer) {
    }

    /**
     * An I_T nexus ended: its session logged out, lost its connection or was reinstated. The
     * unit drops what it kept for that nexus and what SCSI ends with it (a RESERVE(6)
     * reservation, prevention of medium removal, pending unit attentions); persistent
     * reservations survive. Called on the nexus's I/O worker once its tasks are over; must not
     * block. The default does nothing.
     */
    default void nexusLost(Nexus nexus) {
    }

    /** Releases the unit and its store. Called once, after the last command completed. */
    @Override
    void close() throws IOException;
}
