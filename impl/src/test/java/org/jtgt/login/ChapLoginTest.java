package org.jtgt.login;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** CHAP and allow rules in the login stages, with the initiator's side computed here. */
class ChapLoginTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt:secure";
    private static final String INITIATOR = "iqn.1994-05.com.example:host1";
    private static final ChapAccount ALICE = ChapAccount.of("alice", "alice-secret-123");
    private static final ChapAccount TARGET_ACCOUNT = ChapAccount.of("target", "target-secret-456");

    private static LoginNegotiator negotiator(AccessPolicy policy, String peer) throws Exception {
        return new LoginNegotiator(NegotiationSettings.defaults(), 1,
                name -> name.equals(TARGET) ? new TargetDescription(TARGET, null, policy) : null,
                AccessPolicy.OPEN, InetAddress.getByName(peer), new SecureRandom());
    }

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> list = new ArrayList<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            list.add(new KeyValue(p.substring(0, eq), p.substring(eq + 1)));
        }
        return list;
    }

    private static Map<String, String> map(LoginReply r) {
        Map<String, String> m = new LinkedHashMap<>();
        r.keys().forEach(kv -> m.put(kv.key(), kv.value()));
        return m;
    }

    private static final AccessPolicy CHAP = AccessPolicy.builder().chap(ALICE).build();
    private static final AccessPolicy MUTUAL = AccessPolicy.builder().chap(ALICE).mutualChap(TARGET_ACCOUNT).build();

    /** Runs the security stage; returns the reply to the CHAP response. */
    private static LoginReply chapExchange(LoginNegotiator n, ChapAlgorithm algorithm, String name, byte[] secret, String... extra)
            throws Exception {
        LoginReply first = n.process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=" + INITIATOR, "TargetName=" + TARGET, "AuthMethod=CHAP,None")));
        assertEquals(LoginStatus.SUCCESS, first.status());
        assertEquals("CHAP", map(first).get("AuthMethod"));
        assertFalse(first.transit(), "no transit before authentication");
        LoginReply challenge = n.process(new LoginRequest(false, 0, 0, 0, 0, keys("CHAP_A=" + algorithm.code() + ",5")));
        Map<String, String> c = map(challenge);
        assertEquals(Integer.toString(algorithm.code()), c.get("CHAP_A"));
        byte[] challengeBytes = ChapAuthenticator.decode(c.get("CHAP_C"));
        assertEquals(algorithm.length(), challengeBytes.length);
        int id = Integer.parseInt(c.get("CHAP_I"));
        byte[] response = algorithm.response(id, secret, challengeBytes);
        List<KeyValue> answer = keys("CHAP_N=" + name, "CHAP_R=" + ChapAuthenticator.encode(response));
        answer.addAll(keys(extra));
        return n.process(new LoginRequest(true, 0, 1, 0, 0, answer));
    }

    @ParameterizedTest
    @EnumSource(ChapAlgorithm.class)
    void oneWayChapWithEveryAlgorithm(ChapAlgorithm algorithm) throws Exception {
        LoginNegotiator n = negotiator(CHAP, "10.1.2.3");
        LoginReply done = chapExchange(n, algorithm, "alice", ALICE.secret());
        assertEquals(LoginStatus.SUCCESS, done.status());
        assertTrue(done.transit());
        assertEquals(1, done.nextStage());
        assertEquals("alice", n.authenticatedName());
        assertTrue(n.process(new LoginRequest(true, 1, 3, 0, 0, keys())).fullFeature());
    }

    @Test
    void aWrongSecretOrNameFails() throws Exception {
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE,
                chapExchange(negotiator(CHAP, "10.1.2.3"), ChapAlgorithm.MD5, "alice", "wrong".getBytes()).status());
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE,
                chapExchange(negotiator(CHAP, "10.1.2.3"), ChapAlgorithm.MD5, "mallory", ALICE.secret()).status());
    }

    @Test
    void chapCannotBeSkipped() throws Exception {
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, negotiator(CHAP, "10.1.2.3").process(new LoginRequest(true, 1, 3, 0, 0,
                keys("InitiatorName=" + INITIATOR, "TargetName=" + TARGET))).status(), "straight to the operational stage");
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, negotiator(CHAP, "10.1.2.3").process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=" + INITIATOR, "TargetName=" + TARGET, "AuthMethod=None"))).status(), "AuthMethod=None");
        LoginNegotiator n = negotiator(CHAP, "10.1.2.3");
        n.process(new LoginRequest(true, 0, 1, 0, 0, keys("InitiatorName=" + INITIATOR, "TargetName=" + TARGET, "AuthMethod=CHAP")));
        LoginReply stuck = n.process(new LoginRequest(true, 0, 1, 0, 0, keys()));
        assertFalse(stuck.transit(), "no transit without the CHAP exchange");
        assertEquals(LoginStatus.INITIATOR_ERROR, n.process(new LoginRequest(true, 1, 3, 0, 0, keys())).status());
    }

    @Test
    void mutualChapProvesTheTarget() throws Exception {
        byte[] myChallenge = new byte[16];
        new SecureRandom().nextBytes(myChallenge);
        LoginNegotiator n = negotiator(MUTUAL, "10.1.2.3");
        LoginReply done = chapExchange(n, ChapAlgorithm.SHA256, "alice", ALICE.secret(), "CHAP_I=77",
                "CHAP_C=" + ChapAuthenticator.encode(myChallenge));
        assertEquals(LoginStatus.SUCCESS, done.status());
        assertEquals("target", map(done).get("CHAP_N"));
        byte[] expected = ChapAlgorithm.SHA256.response(77, TARGET_ACCOUNT.secret(), myChallenge);
        assertArrayEquals(expected, ChapAuthenticator.decode(map(done).get("CHAP_R")));
    }

    @Test
    void aReflectedChallengeIsRefused() throws Exception {
        LoginNegotiator n = negotiator(MUTUAL, "10.1.2.3");
        n.process(new LoginRequest(true, 0, 1, 0, 0, keys("InitiatorName=" + INITIATOR, "TargetName=" + TARGET, "AuthMethod=CHAP")));
        Map<String, String> c = map(n.process(new LoginRequest(false, 0, 0, 0, 0, keys("CHAP_A=5"))));
        byte[] challenge = ChapAuthenticator.decode(c.get("CHAP_C"));
        int id = Integer.parseInt(c.get("CHAP_I"));
        byte[] response = ChapAlgorithm.MD5.response(id, ALICE.secret(), challenge);
        LoginReply reply = n.process(new LoginRequest(true, 0, 1, 0, 0, keys("CHAP_N=alice", "CHAP_R=" + ChapAuthenticator.encode(response),
                "CHAP_I=" + id, "CHAP_C=" + c.get("CHAP_C"))));
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, reply.status(), "the target's own challenge sent back");
    }

    @Test
    void mutualChapNeedsATargetAccount() throws Exception {
        LoginReply reply = chapExchange(negotiator(CHAP, "10.1.2.3"), ChapAlgorithm.MD5, "alice", ALICE.secret(), "CHAP_I=1",
                "CHAP_C=0x0102030405060708");
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, reply.status());
    }

    @Test
    void base64AndUpperCaseHexAreAccepted() throws Exception {
        assertArrayEquals(new byte[] {1, 2, (byte) 0xAB}, ChapAuthenticator.decode("0X0102AB"));
        assertArrayEquals(new byte[] {1, 2, (byte) 0xAB}, ChapAuthenticator.decode("0bAQKr"));
    }

    @Test
    void allowRulesByNameAndNetwork() throws Exception {
        AccessPolicy policy = AccessPolicy.builder().allow("iqn.1994-05.com.example:*").allow("192.168.10.0/24").build();
        assertEquals(LoginStatus.SUCCESS, login(policy, INITIATOR, "10.9.9.9"));
        assertEquals(LoginStatus.SUCCESS, login(policy, "iqn.2000-01.org.other:x", "192.168.10.77"));
        assertEquals(LoginStatus.AUTHORIZATION_FAILURE, login(policy, "iqn.2000-01.org.other:x", "192.168.11.1"));
        AccessPolicy v6 = AccessPolicy.builder().allow("fd00::/8").build();
        assertEquals(LoginStatus.SUCCESS, login(v6, INITIATOR, "fd12::1"));
        assertEquals(LoginStatus.AUTHORIZATION_FAILURE, login(v6, INITIATOR, "10.0.0.1"));
    }

    private static LoginStatus login(AccessPolicy policy, String initiator, String peer) throws Exception {
        return negotiator(policy, peer).process(new LoginRequest(true, 1, 3, 0, 0,
                keys("InitiatorName=" + initiator, "TargetName=" + TARGET))).status();
    }
}
