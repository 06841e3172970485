package org.jtgt.pdu;

/**
 * The eight-byte SAM LUN field of iSCSI headers and REPORT LUNS data, for single-level LUNs:
 * peripheral device addressing for LUNs 0 to 255, flat space addressing for 256 to 16383
 * (SAM-5 §4.7). Stateless.
 */
public final class Lun {

    /** The largest LUN a target may map. */
    public static final int MAX = 16383;

    private Lun() {
    }

    /** Encodes a LUN into the 64-bit field value. */
    public static long encode(int lun) {
        if (lun < 0 || lun > MAX) {
            throw new IllegalArgumentException("LUN " + lun + " is outside 0.." + MAX);
        }
        long firstLevel = lun < 256 ? lun : 0x4000 | lun;
        return firstLevel << 48;
    }

    /**
     * Decodes a 64-bit LUN field into a LUN number, or -1 if it is not a single-level LUN with
     * peripheral device or flat space addressing (such a LUN maps to no logical unit).
     */
    public static int decode(long field) {
        if ((field & 0x0000_FFFF_FFFF_FFFFL) != 0) {
            return -1;
        }
        int first = (int) (field >>> 48) & 0xFFFF;
        int method = first >>> 14;
        if (method == 0) {
            return (first & 0x3F00) == 0 ? first & 0xFF : -1;   // bus 0 only
        }
        if (method == 1) {
            return first & 0x3FFF;
        }
        return -1;
    }
}
