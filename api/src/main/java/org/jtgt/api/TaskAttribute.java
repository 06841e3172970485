package org.jtgt.api;

/** The task attribute of a SCSI command (SAM-5), from the ATTR field of the iSCSI header. */
public enum TaskAttribute {
    UNTAGGED, SIMPLE, ORDERED, HEAD_OF_QUEUE, ACA;

    /** The attribute for the 3-bit ATTR field of an iSCSI SCSI Command PDU. */
    public static TaskAttribute fromCode(int code) {
        switch (code) {
            case 1: return SIMPLE;
            case 2: return ORDERED;
            case 3: return HEAD_OF_QUEUE;
            case 4: return ACA;
            default: return UNTAGGED;
        }
    }
}
