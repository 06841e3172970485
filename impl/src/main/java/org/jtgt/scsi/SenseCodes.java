package org.jtgt.scsi;

import org.jtgt.api.SenseData;
import org.jtgt.api.SenseKey;

/** The sense data jtgt reports, by name (SPC-4 annex D). Immutable constants. */
public final class SenseCodes {

    public static final SenseData NO_SENSE = SenseData.of(SenseKey.NO_SENSE, 0x00, 0x00);
    public static final SenseData INVALID_COMMAND_OPERATION_CODE = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x20, 0x00);
    public static final SenseData LBA_OUT_OF_RANGE = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x21, 0x00);
    public static final SenseData INVALID_FIELD_IN_CDB = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x24, 0x00);
    public static final SenseData INVALID_FIELD_IN_INFORMATION_UNIT = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x0E, 0x03);
    public static final SenseData LOGICAL_UNIT_NOT_SUPPORTED = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x25, 0x00);
    public static final SenseData INVALID_FIELD_IN_PARAMETER_LIST = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x00);
    public static final SenseData PARAMETER_LIST_LENGTH_ERROR = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x1A, 0x00);
    public static final SenseData SAVING_PARAMETERS_NOT_SUPPORTED = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x39, 0x00);
    public static final SenseData INVALID_RELEASE_OF_PERSISTENT_RESERVATION = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x04);
    public static final SenseData WRITE_PROTECTED = SenseData.of(SenseKey.DATA_PROTECT, 0x27, 0x00);
    public static final SenseData SOFTWARE_WRITE_PROTECTED = SenseData.of(SenseKey.DATA_PROTECT, 0x27, 0x02);
    public static final SenseData UNRECOVERED_READ_ERROR = SenseData.of(SenseKey.MEDIUM_ERROR, 0x11, 0x00);
    public static final SenseData WRITE_ERROR = SenseData.of(SenseKey.MEDIUM_ERROR, 0x0C, 0x00);
    public static final SenseData MISCOMPARE_DURING_VERIFY = SenseData.of(SenseKey.MISCOMPARE, 0x1D, 0x00);
    public static final SenseData INTERNAL_TARGET_FAILURE = SenseData.of(SenseKey.HARDWARE_ERROR, 0x44, 0x00);
    public static final SenseData DATA_PHASE_ERROR = SenseData.of(SenseKey.ABORTED_COMMAND, 0x4B, 0x00);
    public static final SenseData DATA_OFFSET_ERROR = SenseData.of(SenseKey.ABORTED_COMMAND, 0x4B, 0x05);
    /** NOT READY while a sanitize operation runs; carries its progress indication. */
    public static final SenseData SANITIZE_IN_PROGRESS = SenseData.of(SenseKey.NOT_READY, 0x04, 0x1B);
    /** The last sanitize operation failed: the medium stays inaccessible until one succeeds or the failure mode is left. */
    public static final SenseData SANITIZE_COMMAND_FAILED = SenseData.of(SenseKey.MEDIUM_ERROR, 0x31, 0x03);
    public static final SenseData POWER_ON_RESET_OCCURRED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x29, 0x00);
    public static final SenseData BUS_DEVICE_RESET_FUNCTION_OCCURRED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x29, 0x03);
    public static final SenseData MODE_PARAMETERS_CHANGED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x2A, 0x01);
    public static final SenseData RESERVATIONS_PREEMPTED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x2A, 0x03);
    public static final SenseData RESERVATIONS_RELEASED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x2A, 0x04);
    public static final SenseData REGISTRATIONS_PREEMPTED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x2A, 0x05);
    public static final SenseData REPORTED_LUNS_DATA_HAS_CHANGED = SenseData.of(SenseKey.UNIT_ATTENTION, 0x3F, 0x0E);
    public static final SenseData PROTOCOL_SERVICE_CRC_ERROR = SenseData.of(SenseKey.ABORTED_COMMAND, 0x47, 0x05);
    public static final SenseData OPERATION_IN_PROGRESS = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x00, 0x16);
    public static final SenseData TOO_MANY_TARGET_DESCRIPTORS = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x06);
    public static final SenseData UNSUPPORTED_TARGET_DESCRIPTOR_TYPE_CODE = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x07);
    public static final SenseData TOO_MANY_SEGMENT_DESCRIPTORS = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x08);
    public static final SenseData UNSUPPORTED_SEGMENT_DESCRIPTOR_TYPE_CODE = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x09);
    public static final SenseData INLINE_DATA_LENGTH_EXCEEDED = SenseData.of(SenseKey.ILLEGAL_REQUEST, 0x26, 0x0B);
    /** A copy that could not be carried out, with no more specific reason (e.g. a segment beyond its copy target's end). */
    public static final SenseData COPY_ABORTED = SenseData.of(SenseKey.COPY_ABORTED, 0x00, 0x00);
    public static final SenseData UNREACHABLE_COPY_TARGET = SenseData.of(SenseKey.COPY_ABORTED, 0x08, 0x04);
    public static final SenseData INCORRECT_COPY_TARGET_DEVICE_TYPE = SenseData.of(SenseKey.COPY_ABORTED, 0x0D, 0x03);

    private SenseCodes() {
    }
}
