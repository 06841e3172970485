package org.jtgt.api;

import java.nio.ByteBuffer;

/**
 * One SCSI command as the engine hands it to a {@link LogicalUnit}: the CDB, the data the
 * initiator sent, a place for the data to return, and the way to complete it.
 *
 * <h2>Lifecycle</h2>
 * The engine collects all data-out before calling {@link LogicalUnit#execute}. The logical unit
 * then completes the command <em>exactly once</em>, with {@link #complete()},
 * {@link #complete(ScsiStatus, SenseData)} or {@link #fail(SenseData)}, from any thread, either
 * before {@code execute} returns or later. A second completion is ignored and logged as a bug.
 * After completing, the logical unit must not touch the command or its buffers again.
 *
 * <h2>Thread safety</h2>
 * A command is used by one thread at a time: the thread that runs {@code execute}, or the thread
 * it hands the command to. The completion methods may be called from any thread; the engine
 * moves the result to the I/O worker that owns the connection.
 *
 * <h2>Buffers</h2>
 * All buffers belong to the engine and are valid until completion. {@link #cdb()} and
 * {@link #dataOut(int)} are read-only views. {@link #dataIn(int)} returns a buffer the logical unit
 * fills from position zero; the bytes before its position at completion are the data-in.
 *
 * <h2>Transfer lengths</h2>
 * SCSI and iSCSI each state how much data a command moves: the CDB (a transfer length or an
 * allocation length) and the iSCSI Expected Data Transfer Length. The logical unit states the
 * CDB's figure through {@link #dataIn(int)} and {@link #dataOut(int)}; the engine transfers the
 * smaller of the two and reports the rest as residual, as RFC 7143 §11.4.5 requires.
 */
public interface ScsiCommand {

    /** The CDB, read-only, position zero, limit the CDB length (6 to 16, more with an AHS). */
    ByteBuffer cdb();

    /** The logical unit number the command addressed. */
    int lun();

    /** Who sent the command. */
    Nexus nexus();

    /** The task attribute (SIMPLE for almost every command). */
    TaskAttribute attribute();

    /**
     * The number of bytes the initiator expects to transfer (iSCSI Expected Data Transfer
     * Length), data-in or data-out. The engine reports over- and underflow against it. Logical
     * units use it for diagnostics, and to refuse a command whose meaning depends on the
     * initiator sending exactly what the CDB describes (COMPARE AND WRITE); never to size a
     * transfer.
     */
    int expectedTransferLength();

    /**
     * The data the initiator sent, as much of it as the command transfers: {@code length} is
     * the number of bytes the CDB itself transfers (blocks times block size, or a parameter
     * list length). The buffer is read-only, at position zero, and holds
     * {@code min(length, bytes received)} bytes: fewer than {@code length} if the initiator's
     * {@link #expectedTransferLength()} was smaller. The engine reports the difference between
     * {@code length} and the expected length as residual over- or underflow. A logical unit
     * writes only the whole blocks it received and never pads.
     *
     * @throws IllegalArgumentException if {@code length} is negative
     */
    ByteBuffer dataOut(int length);

    /**
     * A buffer for data-in of {@code length} bytes, the length the command itself would
     * transfer (e.g. the allocation length, or blocks times block size); position zero, limit
     * {@code length}. The engine sends at most {@link #expectedTransferLength()} bytes of it
     * and reports the rest as residual overflow. May be called once per command.
     *
     * @throws IllegalArgumentException if {@code length} is negative
     * @throws IllegalStateException if called twice
     * @throws ScsiException with status TASK SET FULL if the connection holds as much data as
     *         it may; let it propagate (or complete with it): the initiator retries later
     */
    ByteBuffer dataIn(int length);

    /** Completes with GOOD status; the data-in is what {@link #dataIn} holds before its position. */
    void complete();

    /**
     * Completes with the given status. Data-in, if any, is still sent.
     *
     * @param sense the sense data, required for CHECK CONDITION and ignored otherwise
     */
    void complete(ScsiStatus status, SenseData sense);

    /** Completes with CHECK CONDITION and the given sense data. */
    default void fail(SenseData sense) {
        complete(ScsiStatus.CHECK_CONDITION, sense);
    }

    /** Completes with what a {@link ScsiException} carries. */
    default void fail(ScsiException e) {
        complete(e.status(), e.sense());
    }

    /**
     * Whether the command was aborted by task management or because its connection ended. A
     * logical unit may check it before long work and complete early; the engine drops the
     * result of an aborted command either way.
     */
    boolean aborted();
}
