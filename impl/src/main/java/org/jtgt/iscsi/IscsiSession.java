package org.jtgt.iscsi;

import java.util.Locale;
import org.jtgt.api.Nexus;
import org.jtgt.login.SessionParameters;
import org.jtgt.login.SessionType;

/**
 * An iSCSI session: the I_T nexus between one initiator port (InitiatorName + ISID) and a
 * target, with its negotiated parameters and CmdSN window. jtgt negotiates MaxConnections=1, so
 * a session has one connection and lives on that connection's worker: its mutable state (the
 * window) is confined to that thread. Identity fields are immutable; {@link #close} may be
 * called from any thread.
 */
public final class IscsiSession {

    private final long isid;
    private final int tsih;
    private final SessionParameters parameters;
    private final ServedTarget target;
    private final Nexus nexus;
    private final CommandWindow window;
    private final long createdMillis = System.currentTimeMillis();
    private volatile IscsiConnection connection;
    /** The target's LUN map version this session last reported; confined to its thread. */
    private int seenLunMapVersion;

    IscsiSession(long isid, int tsih, SessionParameters parameters, ServedTarget target, int portalGroupTag, CommandWindow window) {
        this.isid = isid;
        this.tsih = tsih;
        this.parameters = parameters;
        this.target = target;
        this.window = window;
        String targetName = target != null ? target.name() : "";
        this.nexus = new Nexus(parameters.initiatorName(), isidHex(isid), targetName, portalGroupTag);
        this.seenLunMapVersion = target != null ? target.lunMapVersion() : 0;
    }

    /**
     * Whether the target's LUN map changed since this session last heard of it; marks the
     * change as heard. On the session's thread.
     */
    boolean takeLunMapChange() {
        int now = target.lunMapVersion();
        if (now == seenLunMapVersion) {
            return false;
        }
        seenLunMapVersion = now;
        return true;
    }

    /** The ISID, 48 bits. */
    public long isid() {
        return isid;
    }

    public int tsih() {
        return tsih;
    }

    /** {@code isid-tsih} in hex, the session's name in logs and management. */
    public String id() {
        return isidHex(isid) + "-" + String.format("%04x", tsih);
    }

    public SessionParameters parameters() {
        return parameters;
    }

    public boolean discovery() {
        return parameters.sessionType() == SessionType.DISCOVERY;
    }

    /** The target, or {@code null} for a discovery session. */
    public ServedTarget target() {
        return target;
    }

    public Nexus nexus() {
        return nexus;
    }

    /** The CmdSN window; used only on the session's thread. */
    public CommandWindow window() {
        return window;
    }

    public long createdMillis() {
        return createdMillis;
    }

    /** The session's connection, or {@code null} once it has gone. */
    public IscsiConnection connection() {
        return connection;
    }

    void attach(IscsiConnection c) {
        this.connection = c;
    }

    void detach(IscsiConnection c) {
        if (connection == c) {
            connection = null;
        }
    }

    /** The key that identifies the I_T nexus for reinstatement: initiator, ISID, target. */
    String nexusKey() {
        return parameters.initiatorName().toLowerCase(Locale.ROOT) + "|" + isidHex(isid) + "|"
                + (target != null ? target.key() : "");
    }

    /** Ends the session: its connection closes on its own thread. From any thread. */
    public void close(String reason) {
        IscsiConnection c = connection;
        if (c != null) {
            c.closeFromAnyThread(reason);
        }
    }

    static String isidHex(long isid) {
        return String.format("%012x", isid);
    }

    @Override
    public String toString() {
        return "session " + id() + " " + parameters.initiatorName() + (target != null ? " -> " + target.name() : " (discovery)");
    }
}
