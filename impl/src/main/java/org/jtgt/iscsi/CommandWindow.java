package org.jtgt.iscsi;

/**
 * The command numbering of a session (RFC 7143 §4.2.2.1): ExpCmdSN, the next CmdSN expected,
 * and MaxCmdSN, the last one the initiator may send. The window is a credit scheme: each
 * non-immediate command that arrives takes a credit; each that finishes returns it, and only
 * then does MaxCmdSN move. So an initiator never has more than {@code depth} commands in the
 * target, and MaxCmdSN never moves backwards.
 *
 * <p>Not thread-safe: owned by the thread of the session's connection.
 */
public final class CommandWindow {

    /** What to do with an arriving command. */
    public enum Verdict {
        /** The CmdSN is in the window: process the command. */
        ACCEPT,
        /** Outside the window (already seen, or beyond MaxCmdSN): silently ignore it. */
        IGNORE
    }

    private final int depth;
    private int expCmdSN;
    private int outstanding;

    /**
     * @param initialCmdSN the CmdSN of the leading login request: the first command's number
     * @param depth how many commands may be outstanding at once
     */
    public CommandWindow(int initialCmdSN, int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth " + depth);
        }
        this.expCmdSN = initialCmdSN;
        this.depth = depth;
    }

    public int expCmdSN() {
        return expCmdSN;
    }

    /** The largest CmdSN the initiator may send now. */
    public int maxCmdSN() {
        return expCmdSN + Math.max(0, depth - outstanding) - 1;
    }

    /** Commands accepted and not yet finished. */
    public int outstanding() {
        return outstanding;
    }

    public int depth() {
        return depth;
    }

    /**
     * Checks the CmdSN of an arriving command. An immediate command is always accepted and
     * takes no credit. A non-immediate one is accepted if its CmdSN lies in
     * [ExpCmdSN, MaxCmdSN]; ExpCmdSN then moves past it and it holds a credit until
     * {@link #finished()}.
     */
    public Verdict arrive(int cmdSN, boolean immediate) {
        if (immediate) {
            return Verdict.ACCEPT;
        }
        if (!SerialNumbers.inRange(cmdSN, expCmdSN, maxCmdSN())) {
            return Verdict.IGNORE;
        }
        expCmdSN = cmdSN + 1;       // CmdSNs the initiator skipped are simply passed over
        outstanding++;
        return Verdict.ACCEPT;
    }

    /** A non-immediate command finished (its response is queued): return its credit. */
    public void finished() {
        if (outstanding > 0) {
            outstanding--;
        }
    }
}
