package org.jtgt.pdu;

/** iSCSI opcodes (RFC 7143 §11.2.1.2), the low six bits of byte 0 of every BHS. */
public final class Opcode {

    // initiator to target
    public static final int NOP_OUT = 0x00;
    public static final int SCSI_COMMAND = 0x01;
    public static final int TASK_MANAGEMENT_REQUEST = 0x02;
    public static final int LOGIN_REQUEST = 0x03;
    public static final int TEXT_REQUEST = 0x04;
    public static final int DATA_OUT = 0x05;
    public static final int LOGOUT_REQUEST = 0x06;
    public static final int SNACK_REQUEST = 0x10;

    // target to initiator
    public static final int NOP_IN = 0x20;
    public static final int SCSI_RESPONSE = 0x21;
    public static final int TASK_MANAGEMENT_RESPONSE = 0x22;
    public static final int LOGIN_RESPONSE = 0x23;
    public static final int TEXT_RESPONSE = 0x24;
    public static final int DATA_IN = 0x25;
    public static final int LOGOUT_RESPONSE = 0x26;
    public static final int R2T = 0x31;
    public static final int ASYNC_MESSAGE = 0x32;
    public static final int REJECT = 0x3F;

    private Opcode() {
    }

    /** A readable name for logs, e.g. {@code SCSI-Command}, or the hex value if unknown. */
    public static String name(int opcode) {
        switch (opcode) {
            case NOP_OUT: return "NOP-Out";
            case SCSI_COMMAND: return "SCSI-Command";
            case TASK_MANAGEMENT_REQUEST: return "TMF-Request";
            case LOGIN_REQUEST: return "Login-Request";
            case TEXT_REQUEST: return "Text-Request";
            case DATA_OUT: return "Data-Out";
            case LOGOUT_REQUEST: return "Logout-Request";
            case SNACK_REQUEST: return "SNACK";
            case NOP_IN: return "NOP-In";
            case SCSI_RESPONSE: return "SCSI-Response";
            case TASK_MANAGEMENT_RESPONSE: return "TMF-Response";
            case LOGIN_RESPONSE: return "Login-Response";
            case TEXT_RESPONSE: return "Text-Response";
            case DATA_IN: return "Data-In";
            case LOGOUT_RESPONSE: return "Logout-Response";
            case R2T: return "R2T";
            case ASYNC_MESSAGE: return "Async-Message";
            case REJECT: return "Reject";
            default: return String.format("opcode-0x%02x", opcode);
        }
    }
}
