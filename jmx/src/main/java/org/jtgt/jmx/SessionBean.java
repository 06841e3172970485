package org.jtgt.jmx;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.iscsi.IscsiSession;
import org.jtgt.login.SessionParameters;

/**
 * {@link SessionMXBean} over a session. The CmdSN figures belong to the session's I/O worker;
 * read from here they may be a moment old. Thread-safe.
 */
final class SessionBean implements SessionMXBean {

    private final IscsiSession session;

    SessionBean(IscsiSession session) {
        this.session = session;
    }

    @Override
    public String getId() {
        return session.id();
    }

    @Override
    public String getInitiator() {
        return session.parameters().initiatorName();
    }

    @Override
    public String getInitiatorAlias() {
        String alias = session.parameters().initiatorAlias();
        return alias == null ? "" : alias;
    }

    @Override
    public String getIsid() {
        return String.format("%012x", session.isid());
    }

    @Override
    public int getTsih() {
        return session.tsih();
    }

    @Override
    public String getTarget() {
        return session.target() == null ? "" : session.target().name();
    }

    @Override
    public String getType() {
        return session.parameters().sessionType().keyValue();
    }

    @Override
    public Map<String, String> getParameters() {
        SessionParameters p = session.parameters();
        Map<String, String> m = new LinkedHashMap<>();
        m.put("HeaderDigest", p.headerDigest() ? "CRC32C" : "None");
        m.put("DataDigest", p.dataDigest() ? "CRC32C" : "None");
        m.put("MaxConnections", Integer.toString(p.maxConnections()));
        m.put("InitialR2T", yesNo(p.initialR2T()));
        m.put("ImmediateData", yesNo(p.immediateData()));
        m.put("MaxBurstLength", Integer.toString(p.maxBurstLength()));
        m.put("FirstBurstLength", Integer.toString(p.firstBurstLength()));
        m.put("MaxOutstandingR2T", Integer.toString(p.maxOutstandingR2T()));
        m.put("DefaultTime2Wait", Integer.toString(p.defaultTime2Wait()));
        m.put("DefaultTime2Retain", Integer.toString(p.defaultTime2Retain()));
        m.put("DataPDUInOrder", yesNo(p.dataPduInOrder()));
        m.put("DataSequenceInOrder", yesNo(p.dataSequenceInOrder()));
        m.put("ErrorRecoveryLevel", Integer.toString(p.errorRecoveryLevel()));
        m.put("MaxRecvDataSegmentLength (initiator)", Integer.toString(p.initiatorMaxRecvDataSegmentLength()));
        m.put("MaxRecvDataSegmentLength (target)", Integer.toString(p.targetMaxRecvDataSegmentLength()));
        return m;
    }

    private static String yesNo(boolean b) {
        return b ? "Yes" : "No";
    }

    @Override
    public int getOutstandingCommands() {
        return session.window().outstanding();
    }

    @Override
    public long getExpCmdSN() {
        return Integer.toUnsignedLong(session.window().expCmdSN());
    }

    @Override
    public long getMaxCmdSN() {
        return Integer.toUnsignedLong(session.window().maxCmdSN());
    }

    @Override
    public long getCreated() {
        return session.createdMillis();
    }

    @Override
    public void close() {
        session.close("closed by management");
    }

    /** The session's connection now, or {@code null} once it ended. */
    IscsiConnection connection() {
        return session.connection();
    }
}
