package org.jtgt.iscsi;

/** Checks iSCSI names (RFC 7143 §4.2.7): {@code iqn.}, {@code eui.} or {@code naa.} forms. */
public final class IscsiNames {

    /** The longest iSCSI name, in bytes. */
    public static final int MAX_LENGTH = 223;

    private IscsiNames() {
    }

    /**
     * Returns the name if it is a well-formed iSCSI name.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String check(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an iSCSI name must not be empty");
        }
        if (name.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("iSCSI name '" + name + "' is longer than " + MAX_LENGTH + " characters");
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (!(lower.startsWith("iqn.") || lower.startsWith("eui.") || lower.startsWith("naa."))) {
            throw new IllegalArgumentException("iSCSI name '" + name + "' must start with iqn., eui. or naa.");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = Character.isLetterOrDigit(c) || c == '.' || c == '-' || c == ':';
            if (!ok) {
                throw new IllegalArgumentException("iSCSI name '" + name + "' has a character not allowed: '" + c + "'");
            }
        }
        return name;
    }
}
