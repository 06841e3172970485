package org.jtgt.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.api.BackingStore;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.MediumErrorException;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.ScsiStatus;
import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;

/**
 * An SBC-3 direct-access block device over a {@link BackingStore}: the {@code disk} device
 * type. It answers INQUIRY (with VPD pages), TEST UNIT READY, REQUEST SENSE, READ CAPACITY
 * 10/16, MODE SENSE 6/10, READ and WRITE 6/10/12/16 and SYNCHRONIZE CACHE 10/16; every other
 * opcode fails with INVALID COMMAND OPERATION CODE.
 *
 * <h2>Threading</h2>
 * {@link #execute} runs on the calling I/O worker. Transfers on a memory-speed store complete
 * there; on a blocking store they run on the blocking executor and complete from it. The disk
 * keeps no mutable state of its own, so it is thread-safe.
 */
public final class ScsiDisk implements LogicalUnit {

    private static final Logger LOG = LogManager.getLogger(ScsiDisk.class);

    /** The largest transfer of one command, reported in VPD 0xB0. */
    public static final int MAX_TRANSFER_BYTES = 8 * 1024 * 1024;

    private static final SenseData INVALID_FIELD_IN_INFORMATION_UNIT =
            SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);

    private final BackingStore store;
    private final Executor blockingExecutor;
    private final int blockSize;
    private final long blocks;
    private final boolean readOnly;
    private final long maxTransferBlocks;
    private final InquiryPages inquiry;
    private final ModePages modePages;

    /**
     * @param store the store served; the disk owns it and closes it
     * @param identity INQUIRY and VPD identity
     * @param blockingExecutor where transfers of a blocking store run
     * @param readOnly whether the disk refuses writes (also true if the store is read-only)
     */
    public ScsiDisk(BackingStore store, DiskIdentity identity, Executor blockingExecutor, boolean readOnly) {
        this.store = store;
        this.blockingExecutor = blockingExecutor;
        this.blockSize = store.blockSize();
        this.blocks = store.size() / blockSize;
        this.readOnly = readOnly || store.readOnly();
        this.maxTransferBlocks = MAX_TRANSFER_BYTES / blockSize;
        this.inquiry = new InquiryPages(identity, maxTransferBlocks);
        this.modePages = new ModePages(blocks, blockSize, this.readOnly);
    }

    @Override
    public String deviceType() {
        return DiskProvider.DEVICE_TYPE;
    }

    @Override
    public long capacity() {
        return blocks * blockSize;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public BackingStore store() {
        return store;
    }

    @Override
    public void execute(ScsiCommand command) {
        try {
            dispatch(command);
        } catch (ScsiException e) {
            command.fail(e);
        }
    }

    private void dispatch(ScsiCommand command) {
        ByteBuffer cdb = command.cdb();
        int opcode = Cdbs.u8(cdb, 0);
        switch (opcode) {
            case Opcodes.TEST_UNIT_READY:
                command.complete();
                return;
            case Opcodes.REQUEST_SENSE:
                requestSense(command, cdb);
                return;
            case Opcodes.INQUIRY:
                inquiry.execute(command);
                return;
            case Opcodes.MODE_SENSE_6:
                modePages.senseSix(command);
                return;
            case Opcodes.MODE_SENSE_10:
                modePages.senseTen(command);
                return;
            case Opcodes.READ_CAPACITY_10:
                readCapacity10(command, cdb);
                return;
            case Opcodes.SERVICE_ACTION_IN_16:
                if ((Cdbs.u8(cdb, 1) & 0x1F) == Opcodes.SA_READ_CAPACITY_16) {
                    readCapacity16(command, cdb);
                    return;
                }
                throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 4));
            case Opcodes.READ_6:
            case Opcodes.READ_10:
            case Opcodes.READ_12:
            case Opcodes.READ_16:
                read(command, BlockCdb.readWrite(cdb), opcode != Opcodes.READ_6);
                return;
            case Opcodes.WRITE_6:
            case Opcodes.WRITE_10:
            case Opcodes.WRITE_12:
            case Opcodes.WRITE_16:
                write(command, BlockCdb.readWrite(cdb), opcode != Opcodes.WRITE_6);
                return;
            case Opcodes.SYNCHRONIZE_CACHE_10:
                synchronizeCache(command, new BlockCdb(Cdbs.u32(cdb, 2), Cdbs.u16(cdb, 7), Cdbs.u8(cdb, 1)));
                return;
            case Opcodes.SYNCHRONIZE_CACHE_16:
                synchronizeCache(command, new BlockCdb(Cdbs.u64(cdb, 2), Cdbs.u32(cdb, 10), Cdbs.u8(cdb, 1)));
                return;
            default:
                throw new ScsiException(SenseCodes.INVALID_COMMAND_OPERATION_CODE);
        }
    }

    // ---- block transfers

    private void read(ScsiCommand command, BlockCdb b, boolean hasProtectField) {
        checkTransfer(b, hasProtectField);
        ByteBuffer buffer = command.dataIn((int) (b.blocks() * blockSize));
        long offset = b.lba() * blockSize;
        transfer(command, () -> store.read(offset, buffer), SenseCodes.UNRECOVERED_READ_ERROR);
    }

    private void write(ScsiCommand command, BlockCdb b, boolean hasProtectField) {
        checkTransfer(b, hasProtectField);
        if (readOnly) {
            throw new ScsiException(SenseCodes.WRITE_PROTECTED);
        }
        ByteBuffer data = command.dataOut((int) (b.blocks() * blockSize));
        if (data.remaining() % blockSize != 0) {
            // the initiator sent part of a block: nothing sensible to write
            throw new ScsiException(INVALID_FIELD_IN_INFORMATION_UNIT);
        }
        long offset = b.lba() * blockSize;
        boolean fua = b.fua();
        transfer(command, () -> {
            store.write(offset, data);
            if (fua) {
                store.flush();
            }
        }, SenseCodes.WRITE_ERROR);
    }

    private void synchronizeCache(ScsiCommand command, BlockCdb b) {
        if (!b.within(blocks)) {
            throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
        }
        transfer(command, store::flush, SenseCodes.WRITE_ERROR);
    }

    /** Checks protection field, range and maximum transfer length. */
    private void checkTransfer(BlockCdb b, boolean hasProtectField) {
        if (hasProtectField && b.protect() != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 1, 7));   // no protection information
        }
        if (!b.within(blocks)) {
            throw new ScsiException(SenseCodes.LBA_OUT_OF_RANGE);
        }
        if (b.blocks() > maxTransferBlocks) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB);
        }
    }

    /** A store operation that may throw. */
    @FunctionalInterface
    private interface StoreOperation {
        void run() throws IOException;
    }

    /**
     * Runs a store operation and completes the command: on the calling thread for a
     * memory-speed store, on the blocking executor otherwise.
     */
    private void transfer(ScsiCommand command, StoreOperation operation, SenseData ioError) {
        if (!store.blocking()) {
            perform(command, operation, ioError);
            return;
        }
        try {
            blockingExecutor.execute(() -> perform(command, operation, ioError));
        } catch (RejectedExecutionException e) {
            command.complete(ScsiStatus.BUSY, null);
        }
    }

    private void perform(ScsiCommand command, StoreOperation operation, SenseData ioError) {
        try {
            if (command.aborted()) {
                command.complete(ScsiStatus.TASK_ABORTED, null);
                return;
            }
            operation.run();
            command.complete();
        } catch (MediumErrorException e) {
            command.fail(SenseData.of(ioError.key(), ioError.asc(), ioError.ascq()).withInformation(e.offset() / blockSize));
        } catch (IOException e) {
            LOG.warn("{}: store I/O failed: {}", store, e.toString());
            command.fail(ioError);
        } catch (RuntimeException e) {
            LOG.error("{}: store failed", store, e);
            command.fail(SenseCodes.INTERNAL_TARGET_FAILURE);
        }
    }

    // ---- other commands

    private void readCapacity10(ScsiCommand command, ByteBuffer cdb) {
        boolean pmi = (Cdbs.u8(cdb, 8) & 1) != 0;
        if (!pmi && Cdbs.u32(cdb, 2) != 0) {
            throw new ScsiException(SenseCodes.INVALID_FIELD_IN_CDB.withFieldPointer(true, 2, -1));
        }
        ByteBuffer out = command.dataIn(8);
        out.putInt((int) Math.min(blocks - 1, 0xFFFF_FFFFL));
        out.putInt(blockSize);
        command.complete();
    }

    private void readCapacity16(ScsiCommand command, ByteBuffer cdb) {
        long allocation = Cdbs.u32(cdb, 10);
        ByteBuffer data = ByteBuffer.allocate(32);
        data.putLong(0, blocks - 1);
        data.putInt(8, blockSize);
        ByteBuffer out = command.dataIn((int) Math.min(allocation, 32));
        out.put(data.limit(out.limit()));
        command.complete();
    }

    private void requestSense(ScsiCommand command, ByteBuffer cdb) {
        boolean descriptor = (Cdbs.u8(cdb, 1) & 1) != 0;
        byte[] sense = SenseCodes.NO_SENSE.encode(descriptor);
        ByteBuffer out = command.dataIn(Math.min(sense.length, Cdbs.u8(cdb, 4)));
        out.put(sense, 0, out.limit());
        command.complete();
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    @Override
    public String toString() {
        return "disk over " + store;
    }
}
