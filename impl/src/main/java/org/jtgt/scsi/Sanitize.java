package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;

/**
 * SANITIZE (SBC-4 §5.30, opcode 48h): validates the command, then starts a
 * {@link SanitizeJob} that alters every block of the medium, and reports GOOD at once (IMMED
 * one) or when the operation ends. The service actions:
 * <ul>
 * <li>OVERWRITE (01h): OVERWRITE COUNT passes writing the INITIALIZATION PATTERN, repeated to
 *     fill each block; with INVERT, every second pass writes it inverted (the first pass writes
 *     it as given). Parameter list: INVERT, TEST, OVERWRITE COUNT; a reserved byte; the
 *     INITIALIZATION PATTERN LENGTH (1 to the block size, no more than the list holds); the
 *     pattern.</li>
 * <li>BLOCK ERASE (02h), on a thin-provisioned disk only (the disk lists it only there): every
 *     block is released, and reads as zeros afterwards, as LBPRZ says; GET LBA STATUS reports the
 *     medium deallocated.</li>
 * <li>CRYPTOGRAPHIC ERASE (03h): there is no key to change, so the blocks are released on a
 *     thin-provisioned disk and written with zeros otherwise; either way the old data is gone
 *     and reads return zeros.</li>
 * <li>EXIT FAILURE MODE (1Fh): leaves the failure mode of a failed operation that set AUSE
 *     (see {@link SanitizeProgress#exitFailureMode}).</li>
 * </ul>
 * Reads succeed after any of them (the disk reports WABEREQ and WACEREQ 01b).
 *
 * <p>Checks, in order: reserved CDB bits and bytes (byte 1 bit 6, bytes 2 to 6) and the
 * PARAMETER LIST LENGTH (5 to block size + 4 for OVERWRITE, zero otherwise) are INVALID FIELD IN
 * CDB; a write-protected disk is DATA PROTECT; a parameter list shorter than its length is
 * PARAMETER LIST LENGTH ERROR; an OVERWRITE COUNT of zero is INVALID FIELD IN CDB (the field is
 * in the parameter list, but libiscsi's conformance suite, which exercises it, expects the CDB
 * code); a TEST field other than 00b, a non-zero reserved byte and a bad INITIALIZATION PATTERN
 * LENGTH are INVALID FIELD IN PARAMETER LIST. The pattern is copied before the command can
 * complete, so the operation never touches the command's buffers.
 *
 * <p>Unit attentions, reservations (SANITIZE is a write) and the refusal of every command while
 * an operation runs are the dispatcher's; a second SANITIZE racing past it on another worker
 * is caught here and ends in NOT READY like the rest.
 *
 * <h2>Threading</h2>
 * {@link #execute} runs on the caller's I/O worker and returns quickly; the operation runs on
 * the store executor. The only mutable state, the job of the current operation, is volatile
 * and is only read by {@link #close}. Thread-safe.
 */
final class Sanitize {

    /** How much of the medium one chunk of an operation processes at most: 8 MiB. */
    static final long DEFAULT_CHUNK_BYTES = 8L << 20;

    private static final int IMMED = 0x80;
    private static final int RESERVED_BIT = 0x40;
    private static final int AUSE = 0x20;
    private static final int INVERT = 0x80;
    private static final int TEST = 0x60;
    private static final int OVERWRITE_COUNT = 0x1F;
    private static final int HEADER = 4;

    private final Medium medium;
    private final RangeLocks locks;
    private final SanitizeProgress progress;
    private final Executor executor;
    private final SanitizeRate rate;
    private final long chunkBlocks;
    private volatile SanitizeJob current;

    /**
     * @param executor where the operation's chunks run: the store executor
     * @param chunkBytes how much of the medium one chunk processes at most
     */
    Sanitize(Medium medium, RangeLocks locks, SanitizeProgress progress, Executor executor, SanitizeRate rate, long chunkBytes) {
        this.medium = medium;
        this.locks = locks;
        this.progress = progress;
        this.executor = executor;
        this.rate = rate;
        this.chunkBlocks = Math.max(1, chunkBytes / medium.blockSize());
    }

    void execute(ScsiCommand command, ByteBuffer cdb) {
        int flags = Cdbs.u8(cdb, 1);
        int action = flags & 0x1F;
        if ((flags & RESERVED_BIT) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 6));
        }
        for (int i = 2; i <= 6; i++) {
            if (cdb.get(i) != 0) {
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, i, -1));
            }
        }
        int length = Cdbs.u16(cdb, 7);
        boolean overwrite = action == Opcodes.SA_OVERWRITE;
        if (overwrite ? length <= HEADER || length > medium.blockSize() + HEADER : length != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 7, -1));
        }
        if (action == Opcodes.SA_EXIT_FAILURE_MODE) {
            progress.exitFailureMode();
            command.complete();
            return;
        }
        medium.checkWritable();
        List<SanitizeJob.Pass> passes = overwrite ? overwritePasses(command, length) : List.of(erasePass());
        SanitizeJob job = new SanitizeJob(medium, locks, progress, executor, rate, passes, chunkBlocks,
                (flags & IMMED) != 0 ? null : command);
        if (!progress.begin(job.units(), (flags & AUSE) != 0)) {
            throw new ScsiException(SenseCodes.SANITIZE_IN_PROGRESS.withProgress(progress.indication()));
        }
        current = job;
        try {
            job.start();
        } catch (RejectedExecutionException e) {
            progress.undoBegin();
            command.complete(ScsiStatus.BUSY, null);
            return;
        }
        if ((flags & IMMED) != 0) {
            command.complete();
        }
    }

    /** What BLOCK ERASE and CRYPTOGRAPHIC ERASE do: release the blocks, or write zeros where that is not possible. */
    private SanitizeJob.Pass erasePass() {
        return medium.thin() ? SanitizeJob.Pass.RELEASE : new SanitizeJob.Pass(ByteBuffer.allocate(medium.blockSize()).asReadOnlyBuffer());
    }

    /** The passes of OVERWRITE, from its parameter list of {@code length} bytes. */
    private List<SanitizeJob.Pass> overwritePasses(ScsiCommand command, int length) {
        ByteBuffer list = command.dataOut(length);
        if (list.remaining() < length) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR);
        }
        int first = Cdbs.u8(list, 0);
        int count = first & OVERWRITE_COUNT;
        if (count == 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB);
        }
        if ((first & TEST) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 0, 6));
        }
        if (list.get(1) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 1, -1));
        }
        int patternLength = Cdbs.u16(list, 2);
        if (patternLength == 0 || patternLength > medium.blockSize() || patternLength > length - HEADER) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_PARAMETER_LIST.withFieldPointer(false, 2, -1));
        }
        byte[] block = new byte[medium.blockSize()];
        for (int at = 0; at < block.length; at += patternLength) {
            list.get(HEADER, block, at, Math.min(patternLength, block.length - at));
        }
        byte[] inverted = block.clone();
        for (int i = 0; i < inverted.length; i++) {
            inverted[i] = (byte) ~inverted[i];
        }
        SanitizeJob.Pass plain = new SanitizeJob.Pass(ByteBuffer.wrap(block).asReadOnlyBuffer());
        SanitizeJob.Pass invertedPass = new SanitizeJob.Pass(ByteBuffer.wrap(inverted).asReadOnlyBuffer());
        List<SanitizeJob.Pass> passes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            passes.add((first & INVERT) != 0 && i % 2 == 1 ? invertedPass : plain);
        }
        return passes;
    }

    /** Ends a running operation, for a disk that closes: see {@link SanitizeJob#stop}. */
    void close() {
        SanitizeJob job = current;
        if (job != null) {
            job.stop();
        }
    }
}
