package org.jtgt.scsi;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.api.Nexus;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.TaskAttribute;

/**
 * EXTENDED COPY(LID1) (SPC-4): the disk as its own copy manager, copying blocks from one range
 * of its medium to another without the data crossing the network.
 *
 * <p>A PARAMETER LIST LENGTH of zero copies nothing; one longer than a header and the
 * {@linkplain CopyLimits#maxDescriptorListLength() maximum descriptor list length} is
 * PARAMETER LIST LENGTH ERROR; the rest of the form is {@link CopyParameterList}'s. A list that
 * passes starts a copy that RECEIVE COPY RESULTS can follow ({@link CopyOperations}). Before any
 * block moves, every segment is checked: its CSCD descriptors must exist (else COPY ABORTED,
 * UNREACHABLE COPY TARGET) and name this disk ({@link CopyTargets}), its two ranges must lie
 * on the medium (else COPY ABORTED with no additional sense code, the condition libiscsi and
 * SPC-4 leave open), and a write-protected disk refuses to copy blocks (DATA PROTECT). A copy
 * that fails these checks moves nothing. Then the {@link CopyEngine} copies the segments in
 * order, through the {@link StoreRunner} (off the I/O worker for a blocking store) and under
 * the exclusive range lock of every range it reads or writes, so no write lands in them while
 * it runs and the destination ends up with what the source held when it began.
 *
 * <p>Stateless itself; the copies it runs are in {@link CopyOperations}. Thread-safe.
 */
final class ExtendedCopy {

    private final Medium medium;
    private final StoreRunner runner;
    private final CopyLimits limits;
    private final CopyTargets targets;
    private final CopyOperations operations;
    private final CopyEngine engine;

    ExtendedCopy(Medium medium, StoreRunner runner, CopyLimits limits, CopyTargets targets, CopyOperations operations) {
        this.medium = medium;
        this.runner = runner;
        this.limits = limits;
        this.targets = targets;
        this.operations = operations;
        this.engine = new CopyEngine(medium);
    }

    void extendedCopy(ScsiCommand command, ByteBuffer cdb) {
        long length = Cdbs.u32(cdb, 10);
        if (length == 0) {
            command.complete();
            return;
        }
        if (length > CopyLimits.HEADER_LENGTH + limits.maxDescriptorListLength()) {
            throw new ScsiException(SenseCodes.PARAMETER_LIST_LENGTH_ERROR.withFieldPointer(true, 10, -1));
        }
        CopyParameterList list = CopyParameterList.parse(command.dataOut((int) length), limits);
        CopyOperations.Operation op = operations.begin(command.nexus(), list.listId(), list.listIdUsage());
        ScsiCommand tracked = new Tracked(command, operations, op);
        try {
            List<CopyEngine.Segment> segments = plan(list);
            List<BlockCdb> ranges = new ArrayList<>();
            for (CopyEngine.Segment s : segments) {
                ranges.add(new BlockCdb(s.sourceLba(), s.blocks(), 0));
                ranges.add(new BlockCdb(s.destinationLba(), s.blocks(), 0));
            }
            runner.readModifyWrite(tracked, ranges, () -> engine.copy(segments, op));
        } catch (ScsiException e) {
            tracked.fail(e);
        }
    }

    /** The segments to copy, each checked as the class comment says. */
    private List<CopyEngine.Segment> plan(CopyParameterList list) {
        List<CopyEngine.Segment> segments = new ArrayList<>();
        for (CopyParameterList.BlockSegment s : list.segments()) {
            checkReaches(list, s.source());
            checkReaches(list, s.destination());
            BlockCdb source = new BlockCdb(s.sourceLba(), s.blocks(), 0);
            BlockCdb destination = new BlockCdb(s.destinationLba(), s.blocks(), 0);
            if (!source.within(medium.blocks()) || !destination.within(medium.blocks())) {
                throw new ScsiException(SenseCodes.COPY_ABORTED);
            }
            if (s.blocks() > 0) {
                medium.checkWritable();
                segments.add(new CopyEngine.Segment(s.sourceLba(), s.destinationLba(), s.blocks()));
            }
        }
        return segments;
    }

    private void checkReaches(CopyParameterList list, int index) {
        if (index >= list.cscds().size()) {
            throw new ScsiException(SenseCodes.UNREACHABLE_COPY_TARGET);
        }
        targets.checkReaches(list.cscds().get(index), CopyLimits.HEADER_LENGTH + index * CopyLimits.CSCD_DESCRIPTOR_LENGTH);
    }

    /**
     * The EXTENDED COPY command as the store runner completes it: its completion, however it
     * comes (GOOD, a copy error, BUSY, TASK ABORTED), ends the copy in {@link CopyOperations}
     * first. Everything else is the command's. Used as the command is: by one thread at a
     * time, completed from any.
     */
    private static final class Tracked implements ScsiCommand {

        private final ScsiCommand command;
        private final CopyOperations operations;
        private final CopyOperations.Operation op;

        Tracked(ScsiCommand command, CopyOperations operations, CopyOperations.Operation op) {
            this.command = command;
            this.operations = operations;
            this.op = op;
        }

        @Override
        public ByteBuffer cdb() {
            return command.cdb();
        }

        @Override
        public int lun() {
            return command.lun();
        }

        @Override
        public Nexus nexus() {
            return command.nexus();
        }

        @Override
        public TaskAttribute attribute() {
            return command.attribute();
        }

        @Override
        public int expectedTransferLength() {
            return command.expectedTransferLength();
        }

        @Override
        public ByteBuffer dataOut(int length) {
            return command.dataOut(length);
        }

        @Override
        public ByteBuffer dataIn(int length) {
            return command.dataIn(length);
        }

        @Override
        public void complete() {
            complete(ScsiStatus.GOOD, null);
        }

        @Override
        public void complete(ScsiStatus status, SenseData sense) {
            operations.end(op, status, sense);
            command.complete(status, sense);
        }

        @Override
        public boolean aborted() {
            return command.aborted();
        }
    }
}
