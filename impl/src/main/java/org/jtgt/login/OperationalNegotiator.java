package org.jtgt.login;

import java.util.Locale;
import java.util.function.IntConsumer;

/**
 * Negotiates the operational keys of RFC 7143 §13 one at a time, applying each key's result
 * function (list selection, numerical minimum or maximum, boolean AND or OR) to the
 * initiator's offer and the target's {@link NegotiationSettings}, and records the outcome in
 * {@link SessionParameters}. Not thread-safe: one per login.
 */
public final class OperationalNegotiator {

    /** The answer to a key the target does not know. */
    public static final String NOT_UNDERSTOOD = "NotUnderstood";
    /** The answer to a value that is malformed or out of range. */
    public static final String REJECT = "Reject";
    /** The answer to a key that has no meaning in this session. */
    public static final String IRRELEVANT = "Irrelevant";

    private final NegotiationSettings ours;
    private final SessionParameters params;

    public OperationalNegotiator(NegotiationSettings ours, SessionParameters params) {
        this.ours = ours;
        this.params = params;
        params.targetMaxRecvDataSegmentLength = ours.maxRecvDataSegmentLength();
    }

    /** Whether {@code key} is one of the operational keys this class negotiates. */
    public static boolean isOperational(String key) {
        switch (key) {
            case "HeaderDigest": case "DataDigest": case "MaxConnections": case "InitialR2T":
            case "ImmediateData": case "MaxRecvDataSegmentLength": case "MaxBurstLength":
            case "FirstBurstLength": case "DefaultTime2Wait": case "DefaultTime2Retain":
            case "MaxOutstandingR2T": case "DataPDUInOrder": case "DataSequenceInOrder":
            case "ErrorRecoveryLevel": case "IFMarker": case "OFMarker": case "IFMarkInt":
            case "OFMarkInt": case "iSCSIProtocolLevel":
                return true;
            default:
                return false;
        }
    }

    /**
     * Negotiates one offered key.
     *
     * @return the value to answer with, or {@code null} if the key is declarative and needs no
     *         answer (MaxRecvDataSegmentLength; the target declares its own separately)
     */
    public String negotiate(String key, String value) {
        switch (key) {
            case "HeaderDigest":
                return digest(value, ours.headerDigest(), on -> params.headerDigest = on);
            case "DataDigest":
                return digest(value, ours.dataDigest(), on -> params.dataDigest = on);
            case "MaxConnections":
                return minimum(value, 1, 65535, 1, v -> params.maxConnections = v);
            case "InitialR2T":
                return or(value, ours.initialR2T(), v -> params.initialR2T = v);
            case "ImmediateData":
                return and(value, ours.immediateData(), v -> params.immediateData = v);
            case "MaxRecvDataSegmentLength": {
                long v = number(value);
                if (v < 512 || v > NegotiationSettings.MAX_LENGTH) {
                    return REJECT;
                }
                params.initiatorMaxRecvDataSegmentLength = (int) v;
                return null;
            }
            case "MaxBurstLength":
                return minimum(value, 512, NegotiationSettings.MAX_LENGTH, ours.maxBurstLength(), v -> params.maxBurstLength = v);
            case "FirstBurstLength":
                return minimum(value, 512, NegotiationSettings.MAX_LENGTH, ours.firstBurstLength(), v -> params.firstBurstLength = v);
            case "DefaultTime2Wait":
                return maximum(value, 0, 3600, ours.defaultTime2Wait(), v -> params.defaultTime2Wait = v);
            case "DefaultTime2Retain":
                return minimum(value, 0, 3600, ours.defaultTime2Retain(), v -> params.defaultTime2Retain = v);
            case "MaxOutstandingR2T":
                return minimum(value, 1, 65535, ours.maxOutstandingR2T(), v -> params.maxOutstandingR2T = v);
            case "DataPDUInOrder":
                return or(value, true, v -> params.dataPduInOrder = v);
            case "DataSequenceInOrder":
                return or(value, true, v -> params.dataSequenceInOrder = v);
            case "ErrorRecoveryLevel":
                return minimum(value, 0, 2, 0, v -> params.errorRecoveryLevel = v);
            case "IFMarker":
            case "OFMarker":
                return and(value, false, v -> { });
            case "IFMarkInt":
            case "OFMarkInt":
                return IRRELEVANT;
            case "iSCSIProtocolLevel":
                return minimum(value, 0, 31, 1, v -> { });
            default:
                return NOT_UNDERSTOOD;
        }
    }

    /**
     * Settles what depends on several keys once negotiation ends: FirstBurstLength never
     * exceeds MaxBurstLength.
     */
    public void finish() {
        if (params.firstBurstLength > params.maxBurstLength) {
            params.firstBurstLength = params.maxBurstLength;
        }
    }

    private static String digest(String offer, boolean crcAllowed, java.util.function.Consumer<Boolean> result) {
        for (String choice : offer.split(",")) {
            String c = choice.trim();
            if (c.equals("None")) {
                result.accept(false);
                return "None";
            }
            if (c.equals("CRC32C") && crcAllowed) {
                result.accept(true);
                return "CRC32C";
            }
        }
        return REJECT;
    }

    private static String minimum(String offer, int min, int max, int ours, IntConsumer result) {
        long v = number(offer);
        if (v < min || v > max) {
            return REJECT;
        }
        int r = (int) Math.min(v, ours);
        result.accept(r);
        return Integer.toString(r);
    }

    private static String maximum(String offer, int min, int max, int ours, IntConsumer result) {
        long v = number(offer);
        if (v < min || v > max) {
            return REJECT;
        }
        int r = (int) Math.max(v, ours);
        result.accept(r);
        return Integer.toString(r);
    }

    private static String or(String offer, boolean ours, java.util.function.Consumer<Boolean> result) {
        Boolean v = bool(offer);
        if (v == null) {
            return REJECT;
        }
        boolean r = v || ours;
        result.accept(r);
        return SessionParameters.yesNo(r);
    }

    private static String and(String offer, boolean ours, java.util.function.Consumer<Boolean> result) {
        Boolean v = bool(offer);
        if (v == null) {
            return REJECT;
        }
        boolean r = v && ours;
        result.accept(r);
        return SessionParameters.yesNo(r);
    }

    private static Boolean bool(String s) {
        return s.equals("Yes") ? Boolean.TRUE : s.equals("No") ? Boolean.FALSE : null;
    }

    /** A decimal or 0x-hex number, or -1 if malformed. */
    static long number(String s) {
        try {
            String t = s.trim();
            if (t.isEmpty() || t.length() > 18) {
                return -1;
            }
            if (t.toLowerCase(Locale.ROOT).startsWith("0x")) {
                return Long.parseLong(t.substring(2), 16);
            }
            if (!t.chars().allMatch(Character::isDigit)) {
                return -1;
            }
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
