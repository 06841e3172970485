package org.jtgt.api;

import java.util.Objects;

/**
 * The sense data of a CHECK CONDITION: a sense key, an additional sense code (ASC) and its
 * qualifier (ASCQ), optionally the INFORMATION field (e.g. the failing LBA) and a sense-key
 * specific field: a field pointer (which CDB or parameter byte was invalid) or a progress
 * indication (how far a long operation has come). Immutable; encodes itself
 * in fixed (0x70) or descriptor (0x72) format, as the logical unit's control mode page asks.
 */
public final class SenseData {

    /** Length of fixed-format sense data as encoded by {@link #toFixedFormat()}. */
    public static final int FIXED_LENGTH = 18;

    private final SenseKey key;
    private final int asc;
    private final int ascq;
    private final Long information;
    private final int fieldPointer;   // -1 when absent
    private final boolean inCdb;
    private final int bitPointer;     // -1 when absent
    private final int progress;       // -1 when absent; excludes a field pointer

    private SenseData(SenseKey key, int asc, int ascq, Long information, int fieldPointer, boolean inCdb, int bitPointer, int progress) {
        this.key = Objects.requireNonNull(key, "key");
        if (asc < 0 || asc > 0xFF || ascq < 0 || ascq > 0xFF) {
            throw new IllegalArgumentException("ASC/ASCQ out of range: " + asc + "/" + ascq);
        }
        this.asc = asc;
        this.ascq = ascq;
        this.information = information;
        this.fieldPointer = fieldPointer;
        this.inCdb = inCdb;
        this.bitPointer = bitPointer;
        this.progress = progress;
    }

    /** Sense data with the given key and additional sense code. */
    public static SenseData of(SenseKey key, int asc, int ascq) {
        return new SenseData(key, asc, ascq, null, -1, false, -1, -1);
    }

    /** This sense data with the INFORMATION field set (e.g. the first LBA that failed). */
    public SenseData withInformation(long value) {
        return new SenseData(key, asc, ascq, value, fieldPointer, inCdb, bitPointer, progress);
    }

    /**
     * This sense data with a sense-key specific field pointer (for ILLEGAL REQUEST).
     *
     * @param cdb true if the bad field is in the CDB, false if in the parameter data
     * @param byteIndex the index of the byte that holds the bad field
     * @param bit the bit of the field's most significant bit, or -1 if the whole byte is meant
     */
    public SenseData withFieldPointer(boolean cdb, int byteIndex, int bit) {
        if (byteIndex < 0 || byteIndex > 0xFFFF || bit < -1 || bit > 7) {
            throw new IllegalArgumentException("bad field pointer " + byteIndex + "/" + bit);
        }
        return new SenseData(key, asc, ascq, information, byteIndex, cdb, bit, -1);
    }

    /**
     * This sense data with a sense-key specific PROGRESS INDICATION (for NOT READY and NO SENSE,
     * e.g. while a sanitize operation runs), replacing a field pointer if there was one.
     *
     * @param fraction how much of the operation is done, in 65536ths: 0 to 65535
     */
    public SenseData withProgress(int fraction) {
        if (fraction < 0 || fraction > 0xFFFF) {
            throw new IllegalArgumentException("progress indication " + fraction);
        }
        return new SenseData(key, asc, ascq, information, -1, false, -1, fraction);
    }

    public SenseKey key() {
        return key;
    }

    public int asc() {
        return asc;
    }

    public int ascq() {
        return ascq;
    }

    /** The INFORMATION field, or {@code null} if not set. */
    public Long information() {
        return information;
    }

    /** The PROGRESS INDICATION in 65536ths, or -1 if not set. */
    public int progress() {
        return progress;
    }

    /** Encodes in descriptor format if {@code descriptor}, else in fixed format. */
    public byte[] encode(boolean descriptor) {
        return descriptor ? toDescriptorFormat() : toFixedFormat();
    }

    /** Fixed-format sense data (response code 0x70, current error), 18 bytes. */
    public byte[] toFixedFormat() {
        byte[] b = new byte[FIXED_LENGTH];
        b[0] = (byte) (0x70 | (information != null && fitsFixed(information) ? 0x80 : 0));
        b[2] = (byte) key.code();
        if (information != null && fitsFixed(information)) {
            putInt(b, 3, information.intValue());
        }
        b[7] = (byte) (FIXED_LENGTH - 8);
        b[12] = (byte) asc;
        b[13] = (byte) ascq;
        if (hasSenseKeySpecific()) {
            putSenseKeySpecific(b, 15);
        }
        return b;
    }

    /** Descriptor-format sense data (response code 0x72, current error). */
    public byte[] toDescriptorFormat() {
        int length = 8 + (information != null ? 12 : 0) + (hasSenseKeySpecific() ? 8 : 0);
        byte[] b = new byte[length];
        b[0] = 0x72;
        b[1] = (byte) key.code();
        b[2] = (byte) asc;
        b[3] = (byte) ascq;
        b[7] = (byte) (length - 8);
        int p = 8;
        if (information != null) {
            b[p] = 0x00;                  // information descriptor
            b[p + 1] = 0x0A;
            b[p + 2] = (byte) 0x80;       // VALID
            putInt(b, p + 4, (int) (information >>> 32));
            putInt(b, p + 8, information.intValue());
            p += 12;
        }
        if (hasSenseKeySpecific()) {
            b[p] = 0x02;                  // sense key specific descriptor
            b[p + 1] = 0x06;
            putSenseKeySpecific(b, p + 4);
        }
        return b;
    }

    private boolean hasSenseKeySpecific() {
        return fieldPointer >= 0 || progress >= 0;
    }

    /** SKSV and a field pointer, or SKSV and a progress indication: three bytes either way. */
    private void putSenseKeySpecific(byte[] b, int at) {
        if (progress >= 0) {
            b[at] = (byte) 0x80;
            b[at + 1] = (byte) (progress >>> 8);
            b[at + 2] = (byte) progress;
            return;
        }
        b[at] = (byte) (0x80 | (inCdb ? 0x40 : 0) | (bitPointer >= 0 ? 0x08 | bitPointer : 0));
        b[at + 1] = (byte) (fieldPointer >>> 8);
        b[at + 2] = (byte) fieldPointer;
    }

    private static boolean fitsFixed(long value) {
        return (value >>> 32) == 0;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SenseData)) {
            return false;
        }
        SenseData s = (SenseData) o;
        return key == s.key && asc == s.asc && ascq == s.ascq && Objects.equals(information, s.information)
                && fieldPointer == s.fieldPointer && inCdb == s.inCdb && bitPointer == s.bitPointer && progress == s.progress;
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, asc, ascq, information, fieldPointer, progress);
    }

    @Override
    public String toString() {
        return String.format("%s %02Xh/%02Xh%s", key, asc, ascq, information != null ? " info=" + information : "");
    }
}
