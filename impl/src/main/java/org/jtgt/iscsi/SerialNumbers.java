package org.jtgt.iscsi;

/**
 * Serial number arithmetic for 32-bit sequence numbers (RFC 1982, as RFC 7143 §4.2.2.1 uses it
 * for CmdSN, StatSN and DataSN): {@code a < b} when {@code b} is ahead of {@code a} by less
 * than 2^31. Stateless.
 */
public final class SerialNumbers {

    private SerialNumbers() {
    }

    /** Whether {@code a} comes before {@code b}. */
    public static boolean lessThan(int a, int b) {
        return a != b && (b - a) > 0;
    }

    /** Whether {@code a} comes before or is {@code b}. */
    public static boolean lessOrEqual(int a, int b) {
        return a == b || lessThan(a, b);
    }

    /** Whether {@code x} is within {@code [low, high]} in serial order. */
    public static boolean inRange(int x, int low, int high) {
        return lessOrEqual(low, x) && lessOrEqual(x, high);
    }
}
