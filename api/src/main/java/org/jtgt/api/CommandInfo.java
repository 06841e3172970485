package org.jtgt.api;

import java.nio.ByteBuffer;

/**
 * What a {@link FaultRule} sees of one SCSI command: who sent it, to which LUN, its CDB, and the
 * logical blocks the engine decoded from the CDB (and, for UNMAP, from its parameter list).
 *
 * <p>A read-only view, valid only during the call that received it and only on that thread; a
 * rule that wants to keep something copies it. It cannot change or complete the command.
 */
public interface CommandInfo {

    /** Blocks value meaning "from {@link #lba()} to the end of the medium" (WRITE SAME, SYNCHRONIZE CACHE with 0 blocks). */
    long TO_END_OF_MEDIUM = -1;

    /** Who sent the command. */
    Nexus nexus();

    /** The logical unit number the command addressed. */
    int lun();

    /** The CDB, read-only, at position zero. */
    ByteBuffer cdb();

    /** The operation code, byte 0 of the CDB. */
    int opcode();

    /** The operation's name as SPC and SBC spell it, e.g. {@code READ(10)}; {@code OPERATION 0xC1} for one the engine does not know. */
    String operationName();

    /**
     * The first logical block the command addresses, or -1 if it addresses none (INQUIRY,
     * TEST UNIT READY, ...). For UNMAP, the first block descriptor's.
     */
    long lba();

    /**
     * How many blocks from {@link #lba()} the command addresses: 0 for none,
     * {@link #TO_END_OF_MEDIUM} for the rest of the medium.
     */
    long blocks();

    /**
     * Whether the command addresses any block from {@code firstLba} to {@code lastLba}
     * (inclusive), counting every block descriptor of an UNMAP.
     */
    boolean touches(long firstLba, long lastLba);

    /** The iSCSI Expected Data Transfer Length of the command, in bytes. */
    int expectedTransferLength();
}
