package org.jtgt.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.server.JtgtServer;
import org.apache.logging.log4j.Level;
import org.jtgt.testing.LogCapture;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** CHAP and allow rules with libiscsi's tools (CHAP MD5, one-way and mutual). */
class ChapAndAclTest {

    private static final String SECURE = "iqn.2026-11.org.jtgt.it:secure";
    private static final String MUTUAL = "iqn.2026-11.org.jtgt.it:mutual";
    private static final String HIDDEN = "iqn.2026-11.org.jtgt.it:hidden";
    private static final String OPEN = "iqn.2026-11.org.jtgt.it:open";
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static JtgtServer server;

    @BeforeAll
    static void start() throws Exception {
        ChapAccount alice = ChapAccount.of("alice", "alice-secret-123");
        server = JtgtServer.builder().shutdownGrace(Duration.ZERO)
                .target(SECURE, t -> t.lun(0, "memory:8M").access(AccessPolicy.builder().chap(alice).build()))
                .target(MUTUAL, t -> t.lun(0, "memory:8M").access(AccessPolicy.builder().chap(alice)
                        .mutualChap(ChapAccount.of("jtgt", "target-secret-456")).build()))
                .target(HIDDEN, t -> t.lun(0, "memory:8M").access(AccessPolicy.builder().allow("iqn.1994-05.com.example:*").build()))
                .target(OPEN, t -> t.lun(0, "memory:8M"))
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String url(String credentials, String target) {
        return "iscsi://" + credentials + "127.0.0.1:" + server.port() + "/" + target + "/0";
    }

    @Test
    void theRightSecretLogsIn() {
        String out = RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%alice-secret-123@", SECURE)).ok().output();
        assertTrue(out.contains("DIRECT_ACCESS"), out);
    }

    @Test
    void aWrongSecretOrNoneIsRefused() {
        RealInitiators.Result wrong = RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%wrong-secret-999@", SECURE));
        assertTrue(wrong.exitCode() != 0, wrong.output());
        RealInitiators.Result none = RealInitiators.run(TIMEOUT, "iscsi-inq", url("", SECURE));
        assertTrue(none.exitCode() != 0, none.output());
        assertEquals(0, server.sessions().size());
    }

    @Test
    void mutualChapProvesTheTargetToTheInitiator() {
        String ok = RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%alice-secret-123@", MUTUAL)
                + "?target_user=jtgt&target_password=target-secret-456").ok().output();
        assertTrue(ok.contains("DIRECT_ACCESS"), ok);
        RealInitiators.Result impostor = RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%alice-secret-123@", MUTUAL)
                + "?target_user=jtgt&target_password=not-the-target");
        assertTrue(impostor.exitCode() != 0, "the initiator notices a target with the wrong secret: " + impostor.output());
    }

    @Test
    void secretsAreNeverLogged() {
        try (LogCapture capture = new LogCapture(Level.TRACE)) {
            RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%alice-secret-123@", MUTUAL)
                    + "?target_user=jtgt&target_password=target-secret-456").ok();
            RealInitiators.run(TIMEOUT, "iscsi-inq", url("alice%guessed-secret-1@", SECURE));
            assertTrue(capture.messages().size() > 3, "logged something: " + capture.messages());
            for (String m : capture.messages()) {
                assertFalse(m.contains("alice-secret-123") || m.contains("target-secret-456") || m.contains("guessed-secret-1"), m);
            }
        }
    }

    @Test
    void discoveryShowsOnlyTheTargetsAnInitiatorMayUse() {
        String out = RealInitiators.run(TIMEOUT, "iscsi-ls", "iscsi://127.0.0.1:" + server.port()).ok().output();
        assertTrue(out.contains(OPEN), out);
        assertTrue(out.contains(SECURE), "CHAP targets are listed; logging in needs the secret: " + out);
        assertFalse(out.contains(HIDDEN), "iscsi-ls's initiator name is not allowed there: " + out);
        RealInitiators.Result refused = RealInitiators.run(TIMEOUT, "iscsi-inq", url("", HIDDEN));
        assertTrue(refused.exitCode() != 0, refused.output());
        String allowed = RealInitiators.run(TIMEOUT, "iscsi-inq", "-i", "iqn.1994-05.com.example:tester", url("", HIDDEN)).ok().output();
        assertTrue(allowed.contains("DIRECT_ACCESS"), allowed);
    }
}
