package org.jtgt.scsi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Map;

/**
 * Who a disk says it is: INQUIRY vendor, product and revision, the unit serial number (VPD
 * 0x80) and a 60-bit locally assigned NAA identifier (VPD 0x83). By default the serial and
 * NAA identifier derive from the target name and LUN, so a disk keeps its identity across
 * restarts and two LUNs never share one. Immutable.
 *
 * @param vendor up to 8 ASCII characters
 * @param product up to 16 ASCII characters
 * @param revision up to 4 ASCII characters
 * @param serial the unit serial number, ASCII
 * @param naaId the 60-bit value of the NAA 3 (locally assigned) designator
 */
public record DiskIdentity(String vendor, String product, String revision, String serial, long naaId) {

    public static final String DEFAULT_VENDOR = "JTGT";
    public static final String DEFAULT_PRODUCT = "VIRTUAL-DISK";
    public static final String DEFAULT_REVISION = "0001";

    public DiskIdentity {
        checkAscii("vendor", vendor, 8);
        checkAscii("product", product, 16);
        checkAscii("revision", revision, 4);
        checkAscii("serial", serial, 64);
    }

    /**
     * The identity for a LUN of a target, with overrides from the unit options {@code vendor},
     * {@code product}, {@code revision} and {@code serial}.
     */
    public static DiskIdentity of(String targetName, int lun, Map<String, String> options) {
        byte[] hash = sha256(targetName.toLowerCase(Locale.ROOT) + "/" + lun);
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | (hash[i] & 0xFF);
        }
        id &= 0x0FFF_FFFF_FFFF_FFFFL;
        String serial = options.getOrDefault("serial", String.format("%016x", id));
        return new DiskIdentity(options.getOrDefault("vendor", DEFAULT_VENDOR), options.getOrDefault("product", DEFAULT_PRODUCT),
                options.getOrDefault("revision", DEFAULT_REVISION), serial, id);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from the JDK", e);
        }
    }

    private static void checkAscii(String what, String value, int max) {
        if (value == null || value.isEmpty() || value.length() > max) {
            throw new IllegalArgumentException("disk " + what + " '" + value + "' must have 1 to " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw new IllegalArgumentException("disk " + what + " '" + value + "' must be printable ASCII");
            }
        }
    }
}
