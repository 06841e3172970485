package org.jtgt.api;

/**
 * Decides, command by command, whether the engine injects a {@link Fault}: the extension point
 * for fault injection with one's own code. The engine's built-in rules (an LBA range, opcodes,
 * initiators, counts and probabilities, written as short text such as
 * {@code medium-error lba=1000-1007 count=1}) implement it too.
 *
 * <pre>{@code
 * server.faults().add(command -> command.touches(2048, 2048) ? Fault.status(ScsiStatus.BUSY) : null);
 * }</pre>
 *
 * <h2>When it is called</h2>
 * Once for each SCSI command addressed to a logical unit the rule is installed for, when the
 * command reaches the unit: after all its data-out arrived, before the logical unit sees it.
 * REPORT LUNS and commands to unmapped LUNs are answered by the engine and never asked about.
 * Rules are asked in the order they were installed; the first that returns a fault decides and
 * the later ones are not asked about that command.
 *
 * <h2>Threading</h2>
 * Called on the I/O worker thread that owns the initiator's connection, concurrently from
 * several workers for different connections: implementations must be thread-safe. It must not
 * block (no I/O, no sleeping, no waiting on locks held elsewhere) and should be quick: every
 * command to the unit waits for it, and so does every other connection of that worker. To
 * delay a command, return {@link Fault#delay}; never sleep.
 *
 * <h2>Errors</h2>
 * An exception thrown by {@link #decide} is logged and counts as "no fault".
 */
@FunctionalInterface
public interface FaultRule {

    /**
     * Decides the fault for one command.
     *
     * @param command the command, valid only during this call
     * @return the fault to inject, or {@code null} to let the command run normally
     */
    Fault decide(CommandInfo command);
}
