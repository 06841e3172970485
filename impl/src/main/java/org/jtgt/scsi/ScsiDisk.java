package org.jtgt.scsi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.jtgt.api.BackingStore;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.Nexus;
import org.jtgt.api.ResetKind;
import org.jtgt.api.ScsiCommand;
import org.jtgt.api.ScsiException;
import org.jtgt.api.SenseData;

/**
 * An SBC-3 direct-access block device over a {@link BackingStore}: the {@code disk} device
 * type. A thin dispatcher: the {@link CommandTable} built here lists every command the disk
 * supports with its CDB usage data, its reservation {@link Access} class and the handler of its
 * command family; an opcode that is not in it fails with INVALID COMMAND OPERATION CODE, and
 * REPORT SUPPORTED OPERATION CODES reports the same table.
 *
 * <p>Before a command reaches its handler the dispatcher reports a pending unit attention of
 * the command's I_T nexus ({@link UnitAttentions}), except for INQUIRY and REQUEST SENSE
 * (REPORT LUNS never reaches a logical unit), then ends it in NOT READY while a
 * {@link Sanitize} operation runs (or MEDIUM ERROR in the failure mode one leaves behind, see
 * {@link SanitizeProgress}), and then in RESERVATION CONFLICT if the unit's
 * {@link Reservations} keep the nexus from running it.
 *
 * <h2>Threading</h2>
 * {@link #execute} runs on the calling I/O worker, for different initiators on different
 * workers at once. Store work runs through one {@link StoreRunner}: on that worker for a
 * memory-speed store, on the blocking executor otherwise, and completes from there; a sanitize
 * operation runs on the blocking executor in bounded chunks, whatever the store. The state
 * shared between sessions, the write exclusion of the {@link RangeLocks}, the unit attentions,
 * the reservations, the mode parameters and the copies of its {@link CopyOperations}, is
 * thread-safe, and so is the disk.
 */
public final class ScsiDisk implements LogicalUnit {

    private final BackingStore store;
    private final Medium medium;
    private final UnitAttentions attentions = new UnitAttentions();
    private final Reservations reservations = new Reservations(attentions);
    private final ModeParameters modeParameters = new ModeParameters();
    private final CommandTable commands;
    private final CopyOperations copies = new CopyOperations();
    private final SanitizeProgress sanitizeProgress = new SanitizeProgress();
    private final Sanitize sanitize;

    /**
     * @param store the store served; the disk owns it and closes it
     * @param identity INQUIRY and VPD identity
     * @param blockingExecutor where the work of a blocking store runs
     * @param readOnly whether the disk refuses writes (also true if the store is read-only)
     * @param taskAborter aborts the tasks of an I_T nexus on this unit, for PREEMPT AND ABORT
     *        ({@link org.jtgt.api.LogicalUnitContext#abortTasks})
     */
    public ScsiDisk(BackingStore store, DiskIdentity identity, Executor blockingExecutor, boolean readOnly, Consumer<Nexus> taskAborter) {
        this(store, identity, blockingExecutor, readOnly, taskAborter, 0);
    }

    /**
     * A disk whose sanitize operations go no faster than {@code sanitizeBytesPerSecond} bytes
     * of the medium per second (see {@link SanitizeRate}); 0 for as fast as the store allows.
     */
    public ScsiDisk(BackingStore store, DiskIdentity identity, Executor blockingExecutor, boolean readOnly, Consumer<Nexus> taskAborter,
            long sanitizeBytesPerSecond) {
        this.store = store;
        this.medium = new Medium(store, readOnly, modeParameters, sanitizeProgress);
        RangeLocks locks = new RangeLocks(medium.blockSize());
        StoreRunner runner = new StoreRunner(store.blocking(), blockingExecutor, locks);
        this.sanitize = new Sanitize(medium, locks, sanitizeProgress, blockingExecutor, new SanitizeRate(sanitizeBytesPerSecond),
                Sanitize.DEFAULT_CHUNK_BYTES);
        UnitCommands unit = new UnitCommands(medium, runner, attentions, sanitizeProgress);
        CopyLimits copyLimits = CopyLimits.of(medium.blockSize());
        InquiryPages inquiry = new InquiryPages(identity, medium.limits(), medium.thin(), ThirdPartyCopyPage.of(copyLimits));
        ModePages modePages = new ModePages(medium, modeParameters, attentions);
        Capacity capacity = new Capacity(medium);
        BlockTransfers transfers = new BlockTransfers(medium, runner);
        CacheCommands cache = new CacheCommands(medium, runner);
        VerifyCommands verify = new VerifyCommands(medium, runner);
        DefectData defects = new DefectData();
        WriteSame writeSame = new WriteSame(medium, runner);
        Provisioning provisioning = new Provisioning(medium, runner);
        ReadModifyWrite readModifyWrite = new ReadModifyWrite(medium, runner);
        AtomicWrite atomicWrite = new AtomicWrite(medium, runner);
        ExtendedCopy extendedCopy = new ExtendedCopy(medium, runner, copyLimits, new CopyTargets(inquiry.vpd(0x83, null), medium.blockSize()),
                copies);
        ReceiveCopyResults copyResults = new ReceiveCopyResults(copyLimits, copies);
        ReserveRelease reserveRelease = new ReserveRelease(reservations);
        PersistentReserve persistentReserve = new PersistentReserve(reservations, taskAborter);

        // usage maps: the CDB bytes after the opcode (after the service action byte for 83h, 84h,
        // 9Eh and A3h), a one for each bit the handler evaluates; group numbers and control bytes are ignored
        CommandTable.Builder table = CommandTable.builder()
                .command(Opcodes.TEST_UNIT_READY, "00 0000 00 00", Access.STATUS, unit::testUnitReady)
                .command(Opcodes.REQUEST_SENSE, "01 0000 FF 00", Access.ANY, unit::requestSense)
                .command(Opcodes.READ_6, "1F FFFF FF 00", Access.READ, transfers::read)
                .command(Opcodes.WRITE_6, "1F FFFF FF 00", Access.WRITE, transfers::write)
                .command(Opcodes.INQUIRY, "01 FF FFFF 00", Access.ANY, inquiry::execute)
                .command(Opcodes.MODE_SELECT_6, "11 0000 FF 00", Access.WRITE, modePages::selectSix)
                .command(Opcodes.RESERVE_6, "00 0000 00 00", Access.RESERVE_RELEASE, reserveRelease::reserve)
                .command(Opcodes.RELEASE_6, "00 0000 00 00", Access.RESERVE_RELEASE, reserveRelease::release)
                .command(Opcodes.MODE_SENSE_6, "08 FF FF FF 00", Access.READ, modePages::senseSix)
                .command(Opcodes.START_STOP_UNIT, "00 00 00 F5 00", Access::startStopUnit, unit::startStopUnit)
                .command(Opcodes.PREVENT_ALLOW_MEDIUM_REMOVAL, "00 00 00 03 00", Access::preventAllow, unit::preventAllowMediumRemoval)
                .command(Opcodes.READ_CAPACITY_10, "00 FFFFFFFF 0000 01 00", Access.STATUS, capacity::readCapacity10)
                .command(Opcodes.READ_10, "F8 FFFFFFFF 00 FFFF 00", Access.READ, transfers::read)
                .command(Opcodes.WRITE_10, "F8 FFFFFFFF 00 FFFF 00", Access.WRITE, transfers::write)
                .command(Opcodes.WRITE_AND_VERIFY_10, "F6 FFFFFFFF 00 FFFF 00", Access.WRITE, verify::writeAndVerify)
                .command(Opcodes.VERIFY_10, "F6 FFFFFFFF 00 FFFF 00", Access.READ, verify::verify)
                .command(Opcodes.PRE_FETCH_10, "00 FFFFFFFF 00 FFFF 00", Access.READ, cache::preFetch)
                .command(Opcodes.SYNCHRONIZE_CACHE_10, "00 FFFFFFFF 00 FFFF 00", Access.WRITE, cache::synchronizeCache)
                .command(Opcodes.READ_DEFECT_DATA_10, "00 1F 00000000 FFFF 00", Access.READ, defects::readDefectData10)
                .command(Opcodes.WRITE_SAME_10, "F8 FFFFFFFF 00 FFFF 00", Access.WRITE, writeSame::writeSame)
                .command(Opcodes.MODE_SELECT_10, "11 0000000000 FFFF 00", Access.WRITE, modePages::selectTen)
                .command(Opcodes.RESERVE_10, "12 00 00 000000 0000 00", Access.RESERVE_RELEASE, reserveRelease::reserve)
                .command(Opcodes.RELEASE_10, "12 00 00 000000 0000 00", Access.RESERVE_RELEASE, reserveRelease::release)
                .command(Opcodes.MODE_SENSE_10, "18 FF FF 000000 FFFF 00", Access.READ, modePages::senseTen)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_IN, Opcodes.SA_READ_KEYS, "0000000000 FFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::in)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_IN, Opcodes.SA_READ_RESERVATION, "0000000000 FFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::in)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_IN, Opcodes.SA_REPORT_CAPABILITIES, "0000000000 FFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::in)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_IN, Opcodes.SA_READ_FULL_STATUS, "0000000000 FFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::in)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_REGISTER, "00 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_RESERVE, "FF 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_RELEASE, "FF 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_CLEAR, "00 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_PREEMPT, "FF 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_PREEMPT_AND_ABORT, "FF 0000 FFFFFFFF 00", Access.PERSISTENT_RESERVE,
                        persistentReserve::out)
                .serviceAction(Opcodes.PERSISTENT_RESERVE_OUT, Opcodes.SA_REGISTER_AND_IGNORE_EXISTING_KEY, "00 0000 FFFFFFFF 00",
                        Access.PERSISTENT_RESERVE, persistentReserve::out)
                .serviceAction(Opcodes.EXTENDED_COPY, Opcodes.SA_EXTENDED_COPY_LID1, "00000000 00000000 FFFFFFFF 00 00", Access.WRITE,
                        extendedCopy::extendedCopy)
                .serviceAction(Opcodes.RECEIVE_COPY_RESULTS, Opcodes.SA_COPY_STATUS, "FF 00000000000000 FFFFFFFF 00 00", Access.READ,
                        copyResults::copyStatus)
                .serviceAction(Opcodes.RECEIVE_COPY_RESULTS, Opcodes.SA_OPERATING_PARAMETERS, "00 00000000000000 FFFFFFFF 00 00", Access.READ,
                        copyResults::operatingParameters)
                .serviceAction(Opcodes.RECEIVE_COPY_RESULTS, Opcodes.SA_FAILED_SEGMENT_DETAILS, "FF 00000000000000 FFFFFFFF 00 00", Access.READ,
                        copyResults::failedSegmentDetails)
                .command(Opcodes.READ_16, "F8 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.READ, transfers::read)
                .command(Opcodes.COMPARE_AND_WRITE, "F8 FFFFFFFFFFFFFFFF 000000 FF 00 00", Access.WRITE, readModifyWrite::compareAndWrite)
                .command(Opcodes.WRITE_16, "F8 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.WRITE, transfers::write)
                .command(Opcodes.ORWRITE_16, "F8 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.WRITE, readModifyWrite::orWrite)
                .command(Opcodes.WRITE_AND_VERIFY_16, "F6 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.WRITE, verify::writeAndVerify)
                .command(Opcodes.VERIFY_16, "F6 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.READ, verify::verify)
                .command(Opcodes.PRE_FETCH_16, "00 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.READ, cache::preFetch)
                .command(Opcodes.SYNCHRONIZE_CACHE_16, "00 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.WRITE, cache::synchronizeCache)
                .command(Opcodes.WRITE_SAME_16, "F9 FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.WRITE, writeSame::writeSame)
                .command(Opcodes.WRITE_ATOMIC_16, "F8 FFFFFFFFFFFFFFFF FFFF FFFF 00 00", Access.WRITE, atomicWrite::writeAtomic)
                .serviceAction(Opcodes.SERVICE_ACTION_IN_16, Opcodes.SA_READ_CAPACITY_16, "FFFFFFFFFFFFFFFF FFFFFFFF 01 00", Access.STATUS,
                        capacity::readCapacity16)
                .serviceAction(Opcodes.SERVICE_ACTION_IN_16, Opcodes.SA_GET_LBA_STATUS, "FFFFFFFFFFFFFFFF FFFFFFFF 00 00", Access.READ,
                        provisioning::getLbaStatus)
                .serviceAction(Opcodes.MAINTENANCE_IN, Opcodes.SA_REPORT_SUPPORTED_OPERATION_CODES, "87 FF FFFF FFFFFFFF 00 00", Access.READ,
                        this::reportOperationCodes)
                .serviceAction(Opcodes.MAINTENANCE_IN, Opcodes.SA_REPORT_SUPPORTED_TASK_MANAGEMENT_FUNCTIONS, "80 000000 FFFFFFFF 00 00", Access.READ,
                        SupportedOperations::reportTaskManagementFunctions)
                .command(Opcodes.READ_12, "F8 FFFFFFFF FFFFFFFF 00 00", Access.READ, transfers::read)
                .command(Opcodes.WRITE_12, "F8 FFFFFFFF FFFFFFFF 00 00", Access.WRITE, transfers::write)
                .command(Opcodes.WRITE_AND_VERIFY_12, "F6 FFFFFFFF FFFFFFFF 00 00", Access.WRITE, verify::writeAndVerify)
                .command(Opcodes.VERIFY_12, "F6 FFFFFFFF FFFFFFFF 00 00", Access.READ, verify::verify)
                .command(Opcodes.READ_DEFECT_DATA_12, "1F 00000000 FFFFFFFF 00 00", Access.READ, defects::readDefectData12);
        if (medium.thin()) {
            table.command(Opcodes.UNMAP, "01 00000000 00 FFFF 00", Access.WRITE, provisioning::unmap);
            table.serviceAction(Opcodes.SANITIZE, Opcodes.SA_BLOCK_ERASE, 0xA0, "0000000000 FFFF 00", Access.WRITE, sanitize::execute);
        }
        table.serviceAction(Opcodes.SANITIZE, Opcodes.SA_OVERWRITE, 0xA0, "0000000000 FFFF 00", Access.WRITE, sanitize::execute)
                .serviceAction(Opcodes.SANITIZE, Opcodes.SA_CRYPTOGRAPHIC_ERASE, 0xA0, "0000000000 FFFF 00", Access.WRITE, sanitize::execute)
                .serviceAction(Opcodes.SANITIZE, Opcodes.SA_EXIT_FAILURE_MODE, "0000000000 FFFF 00", Access.WRITE, sanitize::execute);
        this.commands = table.build();
    }

    @Override
    public String deviceType() {
        return DiskProvider.DEVICE_TYPE;
    }

    /** The D_SENSE bit of the control mode page. */
    @Override
    public boolean descriptorSense() {
        return modeParameters.current().descriptorSense();
    }

    @Override
    public long capacity() {
        return medium.blocks() * medium.blockSize();
    }

    /** Whether the disk is read-only: configured so, set so by {@link #setReadOnly}, or over a read-only store. */
    public boolean readOnly() {
        return medium.readOnly();
    }

    /**
     * Makes the disk read-only or writable while it serves, for management. Writes that have
     * not started are refused from now on, and the WP bit of the mode parameter header follows.
     * If that changed anything, every I_T nexus gets MODE PARAMETERS CHANGED. Safe from any
     * thread.
     *
     * @throws IllegalStateException to make a disk over a read-only store writable
     */
    public void setReadOnly(boolean readOnly) {
        if (medium.setReadOnly(readOnly)) {
            attentions.establishForAll(SenseCodes.MODE_PARAMETERS_CHANGED);
        }
    }

    public BackingStore store() {
        return store;
    }

    @Override
    public void execute(ScsiCommand command) {
        ByteBuffer cdb = command.cdb();
        int opcode = Cdbs.u8(cdb, 0);
        if (opcode != Opcodes.INQUIRY && opcode != Opcodes.REQUEST_SENSE) {
            SenseData attention = attentions.take(command.nexus());
            if (attention != null) {
                command.fail(attention);
                return;
            }
            SenseData sanitizing = sanitizeProgress.refusal(opcode);
            if (sanitizing != null) {
                command.fail(sanitizing);
                return;
            }
        }
        try {
            CommandTable.Entry entry = commands.find(cdb);
            reservations.check(command.nexus(), entry, cdb);
            entry.handler().execute(command, cdb);
        } catch (ScsiException e) {
            command.fail(e);
        }
    }

    /**
     * Ends a RESERVE reservation (persistent reservations stay), returns the mode parameters to
     * their defaults and ends what the copy manager held for RECEIVE COPY RESULTS; every nexus
     * gets BUS DEVICE RESET FUNCTION OCCURRED after a LOGICAL UNIT RESET, POWER ON, RESET, OR
     * BUS DEVICE RESET OCCURRED after a target reset, the issuer's included. A sanitize
     * operation in progress goes on (SBC-4: it survives resets), and so does its failure mode.
     */
    @Override
    public void reset(ResetKind kind, Nexus issuer) {
        reservations.reset();
        modeParameters.reset();
        copies.reset();
        attentions.establishForAll(kind == ResetKind.LOGICAL_UNIT ? SenseCodes.BUS_DEVICE_RESET_FUNCTION_OCCURRED
                : SenseCodes.POWER_ON_RESET_OCCURRED);
    }

    /**
     * Forgets the unit attentions pending for the nexus, ends a RESERVE reservation it held and
     * drops the copy results held for it; its persistent reservation registration stays, and a
     * sanitize operation it started goes on.
     */
    @Override
    public void nexusLost(Nexus nexus) {
        attentions.forget(nexus);
        reservations.nexusLost(nexus);
        copies.nexusLost(nexus);
    }

    /** REPORT SUPPORTED OPERATION CODES describes this disk's command table. */
    private void reportOperationCodes(ScsiCommand command, ByteBuffer cdb) {
        SupportedOperations.reportOperationCodes(command, cdb, commands);
    }

    /** Ends a sanitize operation in progress (see {@link SanitizeJob#stop}), then closes the store. */
    @Override
    public void close() throws IOException {
        sanitize.close();
        store.close();
    }

    @Override
    public String toString() {
        return "disk over " + store;
    }
}
