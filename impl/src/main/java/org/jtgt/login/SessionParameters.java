package org.jtgt.login;

/**
 * The parameters of a session and its connection as login negotiated them (RFC 7143 §13),
 * starting from the RFC defaults. {@link OperationalNegotiator} writes them during login; after
 * login they are only read. Owned by the connection's thread during login, then published with
 * the session.
 */
public final class SessionParameters {

    String initiatorName;
    String initiatorAlias;
    String targetName;
    SessionType sessionType = SessionType.NORMAL;
    boolean headerDigest;
    boolean dataDigest;
    int maxConnections = 1;
    boolean initialR2T = true;
    boolean immediateData = true;
    int maxBurstLength = 262144;
    int firstBurstLength = 65536;
    int defaultTime2Wait = 2;
    int defaultTime2Retain = 20;
    int maxOutstandingR2T = 1;
    boolean dataPduInOrder = true;
    boolean dataSequenceInOrder = true;
    int errorRecoveryLevel;
    int initiatorMaxRecvDataSegmentLength = 8192;
    int targetMaxRecvDataSegmentLength = 8192;

    public String initiatorName() {
        return initiatorName;
    }

    /** The initiator's alias, or {@code null}. */
    public String initiatorAlias() {
        return initiatorAlias;
    }

    /** The target name, or {@code null} in a discovery session that gave none. */
    public String targetName() {
        return targetName;
    }

    public SessionType sessionType() {
        return sessionType;
    }

    public boolean headerDigest() {
        return headerDigest;
    }

    public boolean dataDigest() {
        return dataDigest;
    }

    public int maxConnections() {
        return maxConnections;
    }

    public boolean initialR2T() {
        return initialR2T;
    }

    public boolean immediateData() {
        return immediateData;
    }

    public int maxBurstLength() {
        return maxBurstLength;
    }

    public int firstBurstLength() {
        return firstBurstLength;
    }

    public int defaultTime2Wait() {
        return defaultTime2Wait;
    }

    public int defaultTime2Retain() {
        return defaultTime2Retain;
    }

    public int maxOutstandingR2T() {
        return maxOutstandingR2T;
    }

    public boolean dataPduInOrder() {
        return dataPduInOrder;
    }

    public boolean dataSequenceInOrder() {
        return dataSequenceInOrder;
    }

    public int errorRecoveryLevel() {
        return errorRecoveryLevel;
    }

    /** The largest data segment the target may send (the initiator's declaration). */
    public int initiatorMaxRecvDataSegmentLength() {
        return initiatorMaxRecvDataSegmentLength;
    }

    /** The largest data segment the target accepts (its own declaration). */
    public int targetMaxRecvDataSegmentLength() {
        return targetMaxRecvDataSegmentLength;
    }

    @Override
    public String toString() {
        return "HeaderDigest=" + (headerDigest ? "CRC32C" : "None")
                + " DataDigest=" + (dataDigest ? "CRC32C" : "None")
                + " InitialR2T=" + yesNo(initialR2T) + " ImmediateData=" + yesNo(immediateData)
                + " MaxBurstLength=" + maxBurstLength + " FirstBurstLength=" + firstBurstLength
                + " MaxOutstandingR2T=" + maxOutstandingR2T
                + " MaxRecvDataSegmentLength=" + initiatorMaxRecvDataSegmentLength + "/" + targetMaxRecvDataSegmentLength
                + " ErrorRecoveryLevel=" + errorRecoveryLevel;
    }

    static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }
}
