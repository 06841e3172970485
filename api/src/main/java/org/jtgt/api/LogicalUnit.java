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
     * LOGICAL UNIT RESET from task management, after the engine has aborted the unit's tasks:
     * clear reservations made with RESERVE, mode parameters to defaults, and so on. The default
     * does nothing.
     */
    default void reset() {
    }

    /** Releases the unit and its store. Called once, after the last command completed. */
    @Override
    void close() throws IOException;
}
