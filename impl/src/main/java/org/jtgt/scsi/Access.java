package org.jtgt.scsi;

import java.nio.ByteBuffer;

/**
 * How reservations restrict a command: the rows of the tables of commands allowed in the
 * presence of reservations (SPC-4 §5.13.1 and the SBC-3 table for block commands), folded
 * into the classes a disk needs, plus the SPC-2 reservation rules of SPC-4 §5.13.3. Every
 * entry of a disk's {@link CommandTable} names its class; {@link Reservations#check} applies
 * it. A reservation holder (and, for an all-registrants persistent reservation, every
 * registrant) may run every command; the classes say what the other I_T nexuses may run.
 *
 * <p>Immutable.
 */
enum Access implements CommandTable.AccessRule {

    /** INQUIRY, REQUEST SENSE, PREVENT ALLOW MEDIUM REMOVAL that allows: allowed through every reservation. */
    ANY,

    /**
     * TEST UNIT READY, READ CAPACITY, START STOP UNIT that only starts: allowed through every
     * persistent reservation; a RESERVE reservation of another nexus conflicts.
     */
    STATUS,

    /**
     * Commands that read the medium or the unit's settings (READ, VERIFY, PRE-FETCH, GET LBA
     * STATUS, MODE SENSE, READ DEFECT DATA, REPORT SUPPORTED OPERATION CODES and TASK
     * MANAGEMENT FUNCTIONS): allowed through Write Exclusive types, to registrants through the
     * registrants-only types; conflict otherwise.
     */
    READ,

    /**
     * Commands that change the medium or the unit's settings (WRITE and friends, UNMAP,
     * SYNCHRONIZE CACHE, MODE SELECT, PREVENT ALLOW MEDIUM REMOVAL that prevents, START STOP
     * UNIT that stops or changes the power condition): allowed to registrants through the
     * registrants-only types; conflict otherwise.
     */
    WRITE,

    /**
     * PERSISTENT RESERVE IN and OUT: their service actions apply their own rules to persistent
     * reservations; any RESERVE reservation makes them conflict, for its holder too.
     */
    PERSISTENT_RESERVE,

    /**
     * RESERVE and RELEASE: they apply their own rules; any persistent reservation registration
     * makes them conflict.
     */
    RESERVE_RELEASE;

    private static final int PREVENT_MASK = 0x03;
    private static final int START = 0x01;

    @Override
    public Access of(ByteBuffer cdb) {
        return this;
    }

    /** PREVENT ALLOW MEDIUM REMOVAL: byte 4, PREVENT 00b allows removal. */
    static Access preventAllow(ByteBuffer cdb) {
        return (Cdbs.u8(cdb, 4) & PREVENT_MASK) == 0 ? ANY : WRITE;
    }

    /** START STOP UNIT: byte 4, START set with POWER CONDITION 0h only starts the unit. */
    static Access startStopUnit(ByteBuffer cdb) {
        int flags = Cdbs.u8(cdb, 4);
        return flags >>> 4 == 0 && (flags & START) != 0 ? STATUS : WRITE;
    }
}
