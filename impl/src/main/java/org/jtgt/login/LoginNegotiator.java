package org.jtgt.login;

import java.net.InetAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jtgt.api.AccessPolicy;

/**
 * The target's half of the login phase of one connection (RFC 7143 §6): checks the version and
 * the declarations of the first request (InitiatorName, SessionType, TargetName), walks the
 * stages (security negotiation, operational negotiation, full feature phase) as the initiator
 * asks with the T bit, negotiates every key with {@link OperationalNegotiator}, and declares the
 * target's own keys (TargetPortalGroupTag, MaxRecvDataSegmentLength, TargetAlias). Who may log in
 * is the target's {@link AccessPolicy} (the discovery policy for discovery sessions): allow rules
 * are checked on the first request, and with CHAP accounts the security stage is not left until
 * {@link ChapAuthenticator} is satisfied.
 *
 * <p>It works on parsed requests, not PDUs: the connection frames PDUs, joins text continued
 * with the C bit, binds the session and sends the replies. Not thread-safe: one per login.
 */
public final class LoginNegotiator {

    public static final int SECURITY = 0;
    public static final int OPERATIONAL = 1;
    public static final int FULL_FEATURE = 3;

    private final NegotiationSettings settings;
    private final int portalGroupTag;
    private final Function<String, TargetDescription> targets;
    private final AccessPolicy discoveryAccess;
    private final InetAddress peer;
    private final SecureRandom random;
    private final SessionParameters params = new SessionParameters();
    private final OperationalNegotiator operational;

    private boolean first = true;
    private int stage;
    private boolean declaredOperational;
    private TargetDescription target;
    private AccessPolicy access = AccessPolicy.OPEN;
    private ChapAuthenticator chap;
    private boolean chapChosen;
    private LoginStatus failure;

    /**
     * A negotiator with no CHAP for discovery and no peer address (every allow rule by name).
     *
     * @see #LoginNegotiator(NegotiationSettings, int, Function, AccessPolicy, InetAddress, SecureRandom)
     */
    public LoginNegotiator(NegotiationSettings settings, int portalGroupTag, Function<String, TargetDescription> targets) {
        this(settings, portalGroupTag, targets, AccessPolicy.OPEN, null, new SecureRandom());
    }

    /**
     * @param settings the target's negotiation limits
     * @param portalGroupTag the tag of the portal group the connection arrived at
     * @param targets finds a target by name for a normal session, {@code null} if there is none
     * @param discoveryAccess who may open discovery sessions
     * @param peer the initiator's address, for allow rules by network
     * @param random where CHAP challenges come from
     */
    public LoginNegotiator(NegotiationSettings settings, int portalGroupTag, Function<String, TargetDescription> targets,
            AccessPolicy discoveryAccess, InetAddress peer, SecureRandom random) {
        this.settings = Objects.requireNonNull(settings);
        this.portalGroupTag = portalGroupTag;
        this.targets = Objects.requireNonNull(targets);
        this.discoveryAccess = Objects.requireNonNull(discoveryAccess);
        this.peer = peer;
        this.random = Objects.requireNonNull(random);
        this.operational = new OperationalNegotiator(settings, params);
    }

    /** The CHAP name the initiator authenticated as, or {@code null} if there was no CHAP. */
    public String authenticatedName() {
        return chap == null ? null : chap.authenticatedName();
    }

    /** The parameters negotiated so far; complete once a reply says {@link LoginReply#fullFeature()}. */
    public SessionParameters parameters() {
        return params;
    }

    /** The target a normal session logs in to, known after the first request; {@code null} for discovery. */
    public TargetDescription target() {
        return target;
    }

    /** Whether the first request has been processed. */
    public boolean started() {
        return !first;
    }

    /**
     * Processes one complete login request and returns the reply. After a failure reply the
     * login is over and this method must not be called again.
     */
    public LoginReply process(LoginRequest request) {
        if (failure != null) {
            throw new IllegalStateException("login already failed: " + failure);
        }
        List<KeyValue> answer = new ArrayList<>();
        if (first) {
            LoginReply refused = checkFirst(request);
            if (refused != null) {
                return refused;
            }
            if (request.currentStage() != SECURITY && request.currentStage() != OPERATIONAL) {
                return fail(LoginStatus.INITIATOR_ERROR, "login starts in stage " + request.currentStage());
            }
            stage = request.currentStage();
            if (access.requiresChap() && stage != SECURITY) {
                return fail(LoginStatus.AUTHENTICATION_FAILURE, "authentication is required, but the login skipped the security stage");
            }
            if (target != null) {
                answer.add(new KeyValue("TargetPortalGroupTag", Integer.toString(portalGroupTag)));
            }
            first = false;
        } else if (request.currentStage() != stage) {
            return fail(LoginStatus.INITIATOR_ERROR, "login request in stage " + request.currentStage() + ", expected " + stage);
        }

        Map<String, String> chapKeys = new LinkedHashMap<>();
        for (KeyValue kv : request.keys()) {
            if (kv.key().startsWith("CHAP_")) {
                if (stage == SECURITY && chapChosen) {
                    chapKeys.put(kv.key(), kv.value());
                } else {
                    answer.add(new KeyValue(kv.key(), OperationalNegotiator.IRRELEVANT));
                }
                continue;
            }
            String response = respond(kv);
            if (kv.key().equals("AuthMethod") && OperationalNegotiator.REJECT.equals(response)) {
                return fail(LoginStatus.AUTHENTICATION_FAILURE, "no acceptable AuthMethod in '" + kv.value() + "'"
                        + (access.requiresChap() ? " (CHAP is required)" : ""));
            }
            if (response != null) {
                answer.add(new KeyValue(kv.key(), response));
            }
        }
        if (chapKeys.size() > 0 || chapChosen && chap == null) {
            if (chap == null) {
                chap = new ChapAuthenticator(access, random);
            }
            try {
                answer.addAll(chap.step(chapKeys));
            } catch (ChapAuthenticator.Failure e) {
                return fail(LoginStatus.AUTHENTICATION_FAILURE, e.getMessage());
            }
        }
        if (stage == OPERATIONAL && !declaredOperational) {
            declaredOperational = true;
            answer.add(new KeyValue("MaxRecvDataSegmentLength", Integer.toString(settings.maxRecvDataSegmentLength())));
            if (target != null && target.alias() != null) {
                answer.add(new KeyValue("TargetAlias", target.alias()));
            }
        }

        boolean authenticated = !access.requiresChap() || chap != null && chap.done();
        if (!request.transit() || stage == SECURITY && !authenticated) {
            return new LoginReply(LoginStatus.SUCCESS, false, stage, 0, answer, null);    // stay until CHAP is done
        }
        int next = request.nextStage();
        boolean allowed = stage == SECURITY ? next == OPERATIONAL || next == FULL_FEATURE : next == FULL_FEATURE;
        if (!allowed) {
            return fail(LoginStatus.INITIATOR_ERROR, "no transition from stage " + stage + " to " + next);
        }
        LoginReply reply = new LoginReply(LoginStatus.SUCCESS, true, stage, next, answer, null);
        stage = next;
        if (next == FULL_FEATURE) {
            operational.finish();
        }
        return reply;
    }

    private LoginReply checkFirst(LoginRequest request) {
        if (request.versionMin() > 0) {
            return fail(LoginStatus.UNSUPPORTED_VERSION, "initiator supports versions " + request.versionMin() + ".." + request.versionMax());
        }
        String sessionType = null;
        String targetName = null;
        for (KeyValue kv : request.keys()) {
            switch (kv.key()) {
                case "InitiatorName": params.initiatorName = kv.value(); break;
                case "InitiatorAlias": params.initiatorAlias = kv.value(); break;
                case "SessionType": sessionType = kv.value(); break;
                case "TargetName": targetName = kv.value(); break;
                default: break;
            }
        }
        if (params.initiatorName == null || params.initiatorName.isEmpty()) {
            return fail(LoginStatus.MISSING_PARAMETER, "no InitiatorName in the first login request");
        }
        if (sessionType == null || sessionType.equals("Normal")) {
            params.sessionType = SessionType.NORMAL;
        } else if (sessionType.equals("Discovery")) {
            params.sessionType = SessionType.DISCOVERY;
        } else {
            return fail(LoginStatus.SESSION_TYPE_NOT_SUPPORTED, "SessionType=" + sessionType);
        }
        if (params.sessionType == SessionType.NORMAL) {
            if (targetName == null || targetName.isEmpty()) {
                return fail(LoginStatus.MISSING_PARAMETER, "no TargetName in the login of a normal session");
            }
            target = targets.apply(targetName);
            if (target == null) {
                return fail(LoginStatus.NOT_FOUND, "no target " + targetName);
            }
            params.targetName = target.name();
            access = target.access();
        } else {
            access = discoveryAccess;
        }
        if (!access.permits(params.initiatorName, peer)) {
            return fail(LoginStatus.AUTHORIZATION_FAILURE, params.initiatorName + " from " + peer + " is not allowed");
        }
        return null;
    }

    /** The answer to one key, or {@code null} for none. */
    private String respond(KeyValue kv) {
        String key = kv.key();
        switch (key) {
            case "InitiatorName":
            case "InitiatorAlias":
            case "SessionType":
            case "TargetName":
                return null;               // declarations, checked on the first request
            case "TargetAlias":
            case "TargetAddress":
            case "TargetPortalGroupTag":
                return OperationalNegotiator.IRRELEVANT;   // the target declares these
            case "AuthMethod":
                if (stage != SECURITY) {
                    return OperationalNegotiator.IRRELEVANT;
                }
                return chooseAuthMethod(kv.value());
            case "SendTargets":
                return OperationalNegotiator.IRRELEVANT;
            default:
                return operational.negotiate(key, kv.value());
        }
    }

    /** CHAP if the policy requires it and the initiator offers it; None if neither needs more. */
    private String chooseAuthMethod(String offer) {
        String wanted = access.requiresChap() ? "CHAP" : "None";
        for (String m : offer.split(",")) {
            if (m.trim().equals(wanted)) {
                chapChosen = access.requiresChap();
                return wanted;
            }
        }
        return OperationalNegotiator.REJECT;
    }

    private LoginReply fail(LoginStatus status, String reason) {
        failure = status;
        return new LoginReply(status, false, stage, 0, List.of(), reason);
    }
}
