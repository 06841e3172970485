package org.jtgt.junit;

import java.util.Locale;
import org.jtgt.iscsi.IscsiNames;

/**
 * The IQN of a test's own target: {@code iqn.2026-11.org.jtgt.junit:<class>-<method>-<n>},
 * with class and method names lower-cased, every run of characters an iSCSI name does not
 * allow replaced by one {@code -}, and each cut short so that the whole stays within the
 * 223 bytes of an iSCSI name. The number {@code n} makes it unique on its server (repeated
 * and parameterized tests share a method name). Stateless.
 */
final class TargetNames {

    /** The naming authority of every test target. */
    static final String PREFIX = "iqn.2026-11.org.jtgt.junit:";

    private static final int MAX_PART = 90;

    private TargetNames() {
    }

    static String forTest(String className, String methodName, int number) {
        return IscsiNames.check(PREFIX + part(className) + "-" + part(methodName) + "-" + number);
    }

    /** Lower case, only {@code a-z 0-9 . -}, no leading or trailing {@code -}, at most {@value #MAX_PART} characters. */
    static String part(String name) {
        StringBuilder b = new StringBuilder(name.length());
        for (char c : name.toLowerCase(Locale.ROOT).toCharArray()) {
            boolean legal = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
            if (legal) {
                b.append(c);
            } else if (b.length() > 0 && b.charAt(b.length() - 1) != '-') {
                b.append('-');
            }
        }
        String part = b.length() > MAX_PART ? b.substring(0, MAX_PART) : b.toString();
        while (part.endsWith("-")) {
            part = part.substring(0, part.length() - 1);
        }
        return part.isEmpty() ? "test" : part;
    }
}
