package org.jtgt.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.jtgt.api.AccessPolicy;
import org.junit.jupiter.api.Test;

/** The stages of a login (RFC 7143 §6.3), required declarations and status codes. */
class LoginNegotiatorTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt:disk0";

    private final LoginNegotiator negotiator = new LoginNegotiator(NegotiationSettings.defaults(), 1,
            name -> name.equalsIgnoreCase(TARGET) ? new TargetDescription(TARGET, "disk zero", AccessPolicy.OPEN) : null);

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> list = new java.util.ArrayList<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            list.add(new KeyValue(p.substring(0, eq), p.substring(eq + 1)));
        }
        return list;
    }

    private static Map<String, String> map(LoginReply reply) {
        Map<String, String> m = new java.util.LinkedHashMap<>();
        reply.keys().forEach(kv -> m.put(kv.key(), kv.value()));
        return m;
    }

    @Test
    void securityThenOperationalThenFullFeature() {
        LoginReply first = negotiator.process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=iqn.1994-05.com.example:host", "SessionType=Normal", "TargetName=" + TARGET, "AuthMethod=CHAP,None")));
        assertEquals(LoginStatus.SUCCESS, first.status());
        assertTrue(first.transit());
        assertEquals(0, first.currentStage());
        assertEquals(1, first.nextStage());
        assertEquals("1", map(first).get("TargetPortalGroupTag"), "TPGT in the first response");
        assertEquals("None", map(first).get("AuthMethod"));
        assertFalse(map(first).containsKey("MaxRecvDataSegmentLength"), "no operational keys in the security stage");

        LoginReply second = negotiator.process(new LoginRequest(true, 1, 3, 0, 0,
                keys("HeaderDigest=CRC32C,None", "MaxRecvDataSegmentLength=65536", "MaxBurstLength=262144", "X-vendor=1")));
        assertTrue(second.fullFeature());
        Map<String, String> answer = map(second);
        assertEquals("CRC32C", answer.get("HeaderDigest"));
        assertEquals("262144", answer.get("MaxBurstLength"));
        assertEquals("NotUnderstood", answer.get("X-vendor"));
        assertEquals("262144", answer.get("MaxRecvDataSegmentLength"), "the target declares its own");
        assertEquals("disk zero", answer.get("TargetAlias"));
        SessionParameters p = negotiator.parameters();
        assertEquals("iqn.1994-05.com.example:host", p.initiatorName());
        assertEquals(TARGET, p.targetName());
        assertTrue(p.headerDigest());
        assertEquals(65536, p.initiatorMaxRecvDataSegmentLength());
    }

    @Test
    void operationalStageFirstWithoutSecurity() {
        LoginReply reply = negotiator.process(new LoginRequest(true, 1, 3, 0, 0,
                keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET, "ImmediateData=No")));
        assertTrue(reply.fullFeature());
        assertEquals("No", map(reply).get("ImmediateData"));
    }

    @Test
    void staysInAStageUntilAskedToMove() {
        LoginReply reply = negotiator.process(new LoginRequest(false, 1, 0, 0, 0, keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET)));
        assertEquals(LoginStatus.SUCCESS, reply.status());
        assertFalse(reply.transit());
        LoginReply next = negotiator.process(new LoginRequest(true, 1, 3, 0, 0, keys()));
        assertTrue(next.fullFeature());
        assertFalse(map(next).containsKey("MaxRecvDataSegmentLength"), "declared once, in the first operational response");
    }

    @Test
    void discoveryNeedsNoTargetName() {
        LoginReply reply = negotiator.process(new LoginRequest(true, 1, 3, 0, 0, keys("InitiatorName=iqn.a:b", "SessionType=Discovery")));
        assertTrue(reply.fullFeature());
        assertEquals(SessionType.DISCOVERY, negotiator.parameters().sessionType());
        assertFalse(map(reply).containsKey("TargetPortalGroupTag"));
    }

    @Test
    void refusals() {
        assertEquals(LoginStatus.MISSING_PARAMETER, fresh().process(new LoginRequest(true, 0, 1, 0, 0,
                keys("TargetName=" + TARGET))).status());
        assertEquals(LoginStatus.MISSING_PARAMETER, fresh().process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=iqn.a:b"))).status(), "a normal session names its target");
        assertEquals(LoginStatus.NOT_FOUND, fresh().process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=iqn.a:b", "TargetName=iqn.2000-01.nowhere:x"))).status());
        assertEquals(LoginStatus.UNSUPPORTED_VERSION, fresh().process(new LoginRequest(true, 0, 1, 3, 2,
                keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET))).status());
        assertEquals(LoginStatus.SESSION_TYPE_NOT_SUPPORTED, fresh().process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=iqn.a:b", "SessionType=Other"))).status());
        assertEquals(LoginStatus.AUTHENTICATION_FAILURE, fresh().process(new LoginRequest(true, 0, 1, 0, 0,
                keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET, "AuthMethod=CHAP"))).status());
        assertEquals(LoginStatus.INITIATOR_ERROR, fresh().process(new LoginRequest(true, 1, 1, 0, 0,
                keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET))).status(), "operational to operational is no transition");
        assertEquals(LoginStatus.INITIATOR_ERROR, fresh().process(new LoginRequest(true, 3, 3, 0, 0,
                keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET))).status(), "a login cannot start in full feature phase");
    }

    @Test
    void aRequestInTheWrongStageFails() {
        negotiator.process(new LoginRequest(true, 0, 1, 0, 0, keys("InitiatorName=iqn.a:b", "TargetName=" + TARGET)));
        assertEquals(LoginStatus.INITIATOR_ERROR, negotiator.process(new LoginRequest(true, 0, 1, 0, 0, keys())).status());
    }

    private LoginNegotiator fresh() {
        return new LoginNegotiator(NegotiationSettings.defaults(), 1,
                name -> name.equals(TARGET) ? new TargetDescription(TARGET, null, AccessPolicy.OPEN) : null);
    }
}
