package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.testing.RealInitiators;

/** qemu-io commands against an iSCSI URL, through QEMU's libiscsi driver. */
final class QemuIo {

    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    private QemuIo() {
    }

    /** Runs the commands in one qemu-io session; fails the test unless every one succeeded. */
    static String run(String url, String... commands) {
        String out = RealInitiators.run(TIMEOUT, command(url, commands)).ok().output();
        assertFalse(out.toLowerCase().contains("fail"), out);
        return out;
    }

    /** Runs one {@code read -P} command that must find other data than the pattern. */
    static void readFindsOtherThan(String url, String patternRead) {
        RealInitiators.Result r = RealInitiators.run(TIMEOUT, command(url, patternRead));
        assertTrue(r.output().contains("Pattern verification failed"), "'" + patternRead + "' should not match:\n" + r.output());
    }

    private static String[] command(String url, String... commands) {
        List<String> cmd = new ArrayList<>(List.of("qemu-io", "-f", "raw"));
        for (String c : commands) {
            cmd.add("-c");
            cmd.add(c);
        }
        cmd.add(url);
        return cmd.toArray(String[]::new);
    }
}
