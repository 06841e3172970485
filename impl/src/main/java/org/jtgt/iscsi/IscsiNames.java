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

    /**
     * Whether an iSCSI name matches a pattern in which {@code *} stands for any run of
     * characters ({@code iqn.1994-05.com.redhat:*}); case is ignored, as iSCSI names ignore it.
     * Allocates nothing.
     */
    public static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (p < pattern.length() && sameLetter(pattern.charAt(p), text.charAt(t))) {
                p++;
                t++;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    private static boolean sameLetter(char a, char b) {
        return a == b || Character.toLowerCase(a) == Character.toLowerCase(b);
    }
}
