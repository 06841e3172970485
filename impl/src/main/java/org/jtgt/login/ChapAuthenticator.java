package org.jtgt.login;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;

/**
 * The target's side of CHAP during the security negotiation stage (RFC 7143 §12.1.3): picks
 * the algorithm from CHAP_A, sends an identifier and a random challenge, checks the initiator's
 * CHAP_N and CHAP_R in constant time, and, when the initiator sends its own CHAP_I and CHAP_C
 * (mutual CHAP), answers with the target's account. A mutual challenge that repeats the
 * target's own (reflection) is refused. Challenges come from {@link SecureRandom}. Secrets never
 * appear in messages. Not thread-safe: one per login.
 */
public final class ChapAuthenticator {

    /** Authentication failed; the message is safe to log (it holds no secret). */
    public static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;

        Failure(String message) {
            super(message);
        }
    }

    private enum State { EXPECT_ALGORITHMS, EXPECT_RESPONSE, DONE }

    private static final int MAX_CHALLENGE = 1024;

    private final AccessPolicy policy;
    private final SecureRandom random;
    private State state = State.EXPECT_ALGORITHMS;
    private ChapAlgorithm algorithm;
    private int identifier;
    private byte[] challenge;
    private String authenticatedName;

    public ChapAuthenticator(AccessPolicy policy, SecureRandom random) {
        this.policy = policy;
        this.random = random;
    }

    /** Whether the initiator proved itself (and, if it asked, the target answered). */
    public boolean done() {
        return state == State.DONE;
    }

    /** The CHAP name the initiator authenticated as, once {@link #done()}. */
    public String authenticatedName() {
        return authenticatedName;
    }

    /**
     * Processes the CHAP keys of one login request and returns the keys to answer with.
     *
     * @param keys the CHAP_* keys of the request, by name
     * @throws Failure if authentication failed; the login must then fail
     */
    public List<KeyValue> step(Map<String, String> keys) throws Failure {
        List<KeyValue> answer = new ArrayList<>();
        switch (state) {
            case EXPECT_ALGORITHMS: {
                String offer = keys.get("CHAP_A");
                if (offer == null) {
                    if (keys.isEmpty()) {
                        return answer;            // nothing CHAP in this request yet
                    }
                    throw new Failure("CHAP keys " + keys.keySet() + " before CHAP_A");
                }
                algorithm = choose(offer);
                identifier = random.nextInt(256);
                challenge = new byte[algorithm.length()];
                random.nextBytes(challenge);
                answer.add(new KeyValue("CHAP_A", Integer.toString(algorithm.code())));
                answer.add(new KeyValue("CHAP_I", Integer.toString(identifier)));
                answer.add(new KeyValue("CHAP_C", encode(challenge)));
                state = State.EXPECT_RESPONSE;
                return answer;
            }
            case EXPECT_RESPONSE: {
                String name = keys.get("CHAP_N");
                String response = keys.get("CHAP_R");
                if (name == null || response == null) {
                    throw new Failure("CHAP_N and CHAP_R expected after the challenge");
                }
                ChapAccount account = policy.initiatorAccount(name);
                byte[] secret = account != null ? account.secret() : new byte[16];
                byte[] expected = algorithm.response(identifier, secret, challenge);
                byte[] given = decodeOrEmpty(response);
                boolean ok = MessageDigest.isEqual(expected, given);      // constant time, also for unknown names
                if (account == null || !ok) {
                    throw new Failure("CHAP response of '" + name + "' does not match" + (account == null ? " (no such account)" : ""));
                }
                String mutualId = keys.get("CHAP_I");
                String mutualChallenge = keys.get("CHAP_C");
                if (mutualId != null || mutualChallenge != null) {
                    answer.addAll(proveTarget(mutualId, mutualChallenge));
                }
                authenticatedName = name;
                state = State.DONE;
                return answer;
            }
            default:
                if (!keys.isEmpty()) {
                    throw new Failure("CHAP keys " + keys.keySet() + " after authentication");
                }
                return answer;
        }
    }

    private List<KeyValue> proveTarget(String id, String challengeText) throws Failure {
        ChapAccount target = policy.targetAccount();
        if (target == null) {
            throw new Failure("the initiator asks for mutual CHAP, but the target has no CHAP account of its own");
        }
        if (id == null || challengeText == null) {
            throw new Failure("mutual CHAP needs both CHAP_I and CHAP_C");
        }
        long mutualIdentifier = OperationalNegotiator.number(id);
        if (mutualIdentifier < 0 || mutualIdentifier > 255) {
            throw new Failure("mutual CHAP_I '" + id + "' is not 0..255");
        }
        byte[] theirs = decode(challengeText);
        if (theirs.length == 0 || theirs.length > MAX_CHALLENGE) {
            throw new Failure("mutual CHAP_C has " + theirs.length + " bytes");
        }
        if (MessageDigest.isEqual(theirs, challenge)) {
            throw new Failure("mutual CHAP_C reflects the target's own challenge");
        }
        byte[] response = algorithm.response((int) mutualIdentifier, target.secret(), theirs);
        return List.of(new KeyValue("CHAP_N", target.name()), new KeyValue("CHAP_R", encode(response)));
    }

    private static ChapAlgorithm choose(String offer) throws Failure {
        for (String item : offer.split(",")) {
            long code = OperationalNegotiator.number(item.trim());
            ChapAlgorithm a = code < 0 || code > 255 ? null : ChapAlgorithm.of((int) code);
            if (a != null) {
                return a;
            }
        }
        throw new Failure("no supported CHAP algorithm in CHAP_A=" + offer + " (jtgt supports 5, 6, 7, 8)");
    }

    /** A binary value as CHAP sends it: {@code 0x} and hex digits. */
    public static String encode(byte[] value) {
        return "0x" + HexFormat.of().formatHex(value);
    }

    /**
     * Decodes a binary value: {@code 0x}/{@code 0X} hex or {@code 0b}/{@code 0B} base64.
     *
     * @throws Failure if it is neither
     */
    public static byte[] decode(String value) throws Failure {
        try {
            if (value.length() > 2 && (value.startsWith("0x") || value.startsWith("0X"))) {
                String hex = value.substring(2);
                return HexFormat.of().parseHex(hex.length() % 2 == 0 ? hex : "0" + hex);
            }
            if (value.length() > 2 && (value.startsWith("0b") || value.startsWith("0B"))) {
                return Base64.getDecoder().decode(value.substring(2));
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw new Failure("'" + (value.length() > 20 ? value.substring(0, 20) + "..." : value) + "' is not a binary value (0x... or 0b...)");
    }

    private static byte[] decodeOrEmpty(String value) {
        try {
            return decode(value);
        } catch (Failure e) {
            return new byte[0];
        }
    }
}
