package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Test targets that only let in initiators that log in with CHAP. */
class ChapTargetsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:8M").chap("alice", "alice-secret-123").build();

    @Test
    void onlyTheAccountLogsIn(TestTarget target) {
        String path = "127.0.0.1:" + target.port() + "/" + target.iqn() + "/0";
        String in = RealInitiators.run(TIMEOUT, "iscsi-inq", "iscsi://alice%alice-secret-123@" + path).ok().output();
        assertTrue(in.contains("Peripheral Device Type:DIRECT_ACCESS"), in);
        assertNotEquals(0, RealInitiators.run(TIMEOUT, "iscsi-inq", "iscsi://" + path).exitCode(), "no CHAP, no login");
        assertNotEquals(0, RealInitiators.run(TIMEOUT, "iscsi-inq", "iscsi://alice%wrong-secret-99@" + path).exitCode());
    }
}
