package org.jtgt.iscsi;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;
import org.jtgt.login.KeyValue;
import org.jtgt.login.LoginNegotiator;
import org.jtgt.login.LoginReply;
import org.jtgt.login.LoginRequest;
import org.jtgt.login.LoginStatus;
import org.jtgt.login.SessionParameters;
import org.jtgt.login.TargetDescription;
import org.jtgt.login.TextFormatException;
import org.jtgt.login.TextKeys;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.TargetPdus;

/**
 * The login phase of a connection in PDUs: reads Login Requests, joins text continued with the
 * C bit, lets {@link LoginNegotiator} decide, answers with Login Responses, and at the end
 * creates the session (reinstating an older one of the same I_T nexus) or refuses the login and
 * closes the connection. Confined to the connection's thread.
 */
final class LoginPhase {

    private static final Logger LOG = LogManager.getLogger(LoginPhase.class);

    /** The most login text an initiator may send across continued PDUs. */
    private static final int MAX_TEXT = 64 * 1024;

    private final IscsiConnection connection;
    private final EngineContext context;
    private final LoginNegotiator negotiator;
    private final ByteArrayOutputStream text = new ByteArrayOutputStream();

    private boolean first = true;
    private long isid;
    private int tsih;
    private boolean over;

    LoginPhase(IscsiConnection connection, EngineContext context) {
        this.connection = connection;
        this.context = context;
        InetSocketAddress peer = connection.channel().remoteAddress();
        this.negotiator = new LoginNegotiator(context.settings(), context.portalGroupTag(), this::describeTarget,
                context.discoveryAccess(), peer == null ? null : peer.getAddress(), context.random());
    }

    private TargetDescription describeTarget(String name) {
        ServedTarget target = context.targets().find(name);
        return target == null ? null : target.description();
    }

    void onLoginRequest(Pdu pdu) {
        if (over) {
            return;
        }
        int flags = pdu.flags();
        boolean transit = (flags & Bhs.FLAG_TRANSIT) != 0;
        boolean more = (flags & Bhs.FLAG_CONTINUE) != 0;
        int csg = (flags >>> 2) & 3;
        int nsg = flags & 3;
        long requestIsid = TargetPdus.isid(pdu.header());
        int requestTsih = pdu.u16(14);
        int itt = pdu.initiatorTaskTag();

        if (first) {
            first = false;
            isid = requestIsid;
            tsih = requestTsih;
            connection.setCid(pdu.u16(20));
            connection.setStatSN(pdu.expStatSN());
            connection.setWindow(new CommandWindow(pdu.cmdSN(), context.settings().commandWindow()));
        } else if (requestIsid != isid || requestTsih != tsih) {
            fail(itt, LoginStatus.INITIATOR_ERROR, "ISID or TSIH changed during login");
            return;
        }
        if (more && transit) {
            fail(itt, LoginStatus.INITIATOR_ERROR, "login request with both C and T bits");
            return;
        }
        ByteBuffer data = pdu.data();
        if (text.size() + data.remaining() > MAX_TEXT) {
            fail(itt, LoginStatus.INITIATOR_ERROR, "more than " + MAX_TEXT + " bytes of login text");
            return;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(data.position(), chunk);
        text.writeBytes(chunk);
        if (more) {
            // acknowledge the partial text; the rest follows in the next request
            connection.send(TargetPdus.loginResponse(false, false, csg, 0, isid, tsih, itt, 0, 0));
            return;
        }

        List<KeyValue> keys;
        try {
            keys = TextKeys.parse(text.toByteArray());
        } catch (TextFormatException e) {
            fail(itt, LoginStatus.INITIATOR_ERROR, e.getMessage());
            return;
        } finally {
            text.reset();
        }
        boolean firstRequest = !negotiator.started();
        LoginReply reply = negotiator.process(new LoginRequest(transit, csg, nsg, pdu.u8(2), pdu.u8(3), keys));
        if (reply.status() != LoginStatus.SUCCESS) {
            fail(itt, reply.status(), reply.reason());
            return;
        }
        if (firstRequest && tsih != 0) {
            // a non-leading login: jtgt negotiates MaxConnections=1 and ErrorRecoveryLevel=0, so
            // the only one is a relogin after a lost connection; the old session is over
            IscsiSession old = context.sessions().find(tsih);
            if (old != null && old.isid() == isid) {
                old.close("relogin with its TSIH");
            }
            fail(itt, LoginStatus.SESSION_DOES_NOT_EXIST, "no session with TSIH " + tsih + " to add a connection to");
            return;
        }
        int responseTsih = tsih;
        IscsiSession session = null;
        if (reply.fullFeature()) {
            String full = sessionLimitReached();
            if (full != null) {
                fail(itt, LoginStatus.OUT_OF_RESOURCES, full);
                return;
            }
            session = createSession();
            responseTsih = session.tsih();
        }
        OutboundPdu response = TargetPdus.loginResponse(reply.transit(), false, reply.currentStage(), reply.nextStage(), isid,
                responseTsih, itt, 0, 0);
        response.data(ByteBuffer.wrap(TextKeys.format(reply.keys())));
        connection.send(response);
        if (session != null) {
            over = true;
            connection.enterFullFeature(session);
        }
    }

    /** Why one more session is not allowed, or {@code null} if it is; reinstating one is always allowed. */
    private String sessionLimitReached() {
        Limits limits = context.limits();
        String initiator = negotiator.parameters().initiatorName();
        int mine = 0;
        for (IscsiSession s : context.sessions().all()) {
            if (s.isid() == isid && s.parameters().initiatorName().equalsIgnoreCase(initiator)) {
                return null;        // a reinstatement replaces a session
            }
            if (s.parameters().initiatorName().equalsIgnoreCase(initiator)) {
                mine++;
            }
        }
        if (context.sessions().size() >= limits.sessions()) {
            return "the server holds " + limits.sessions() + " sessions already";
        }
        if (mine >= limits.sessionsPerInitiator()) {
            return initiator + " holds " + limits.sessionsPerInitiator() + " sessions already";
        }
        return null;
    }

    private IscsiSession createSession() {
        SessionParameters params = negotiator.parameters();
        ServedTarget target = negotiator.target() == null ? null : context.targets().find(negotiator.target().name());
        SessionRegistry.Created created = context.sessions().create(isid, params, target, context.portalGroupTag(),
                connection.window());
        if (created.replaced() != null) {
            LOG.info("{}: reinstating {}", connection, created.replaced());
            created.replaced().close("reinstated by a new login of the same I_T nexus");
        }
        return created.session();
    }

    /** Anything but a Login Request before login completes ends the connection. */
    void refuseNonLoginPdu(Pdu pdu) {
        fail(pdu.initiatorTaskTag(), LoginStatus.INVALID_DURING_LOGIN, "received " + pdu + " during login");
    }

    private void fail(int itt, LoginStatus status, String reason) {
        over = true;
        LOG.info("{}: login refused ({}): {}", connection, status, reason);
        connection.send(TargetPdus.loginResponse(false, false, 0, 0, isid, tsih, itt, status.statusClass(), status.detail()));
        connection.channel().closeAfterFlush("login refused: " + reason);
    }
}
