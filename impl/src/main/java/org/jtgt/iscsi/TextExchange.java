package org.jtgt.iscsi;

import java.io.ByteArrayOutputStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.login.KeyValue;
import org.jtgt.login.OperationalNegotiator;
import org.jtgt.login.TextFormatException;
import org.jtgt.login.TextKeys;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.TargetPdus;

/**
 * Text Request / Text Response exchanges in full feature phase (RFC 7143 §11.10): SendTargets
 * in discovery and normal sessions, with long requests and long responses split across PDUs by
 * the C bit and target transfer tags. Confined to the connection's thread.
 */
final class TextExchange {

    private static final int MAX_TEXT = 64 * 1024;

    private final IscsiConnection connection;
    private final EngineContext context;
    private final ByteArrayOutputStream request = new ByteArrayOutputStream();

    /** The rest of a response longer than one PDU, waiting for the initiator to ask for it. */
    private ByteBuffer pending;
    private int pendingTag = Bhs.RESERVED_TAG;

    TextExchange(IscsiConnection connection, EngineContext context) {
        this.connection = connection;
        this.context = context;
    }

    void onTextRequest(Pdu pdu) {
        if (!connection.admit(pdu)) {
            return;
        }
        try {
            handle(pdu);
        } finally {
            connection.requestAnswered(pdu);
        }
    }

    private void handle(Pdu pdu) {
        int itt = pdu.initiatorTaskTag();
        int ttt = pdu.u32(Bhs.TARGET_TRANSFER_TAG);
        boolean more = pdu.hasFlag(Bhs.FLAG_CONTINUE);

        if (ttt != Bhs.RESERVED_TAG) {
            if (ttt != pendingTag || pending == null) {
                connection.reject(pdu, TargetPdus.REJECT_INVALID_PDU_FIELD);
                return;
            }
            sendPart(pdu.lunField(), itt);   // the initiator asks for the next part
            return;
        }
        pending = null;
        pendingTag = Bhs.RESERVED_TAG;
        ByteBuffer data = pdu.data();
        if (request.size() + data.remaining() > MAX_TEXT) {
            request.reset();
            connection.reject(pdu, TargetPdus.REJECT_PROTOCOL_ERROR);
            return;
        }
        byte[] chunk = new byte[data.remaining()];
        data.get(data.position(), chunk);
        request.writeBytes(chunk);
        if (more) {
            connection.send(TargetPdus.textResponse(false, false, pdu.lunField(), itt, connection.newTag()));
            return;
        }
        List<KeyValue> keys;
        try {
            keys = TextKeys.parse(request.toByteArray());
        } catch (TextFormatException e) {
            connection.reject(pdu, TargetPdus.REJECT_PROTOCOL_ERROR);
            return;
        } finally {
            request.reset();
        }
        List<KeyValue> answer = new ArrayList<>();
        for (KeyValue kv : keys) {
            if (kv.key().equals("SendTargets")) {
                sendTargets(kv.value(), answer);
            } else {
                answer.add(new KeyValue(kv.key(), OperationalNegotiator.NOT_UNDERSTOOD));
            }
        }
        pending = ByteBuffer.wrap(TextKeys.format(answer));
        sendPart(pdu.lunField(), itt);
    }

    /** Sends as much of the pending response as the initiator accepts in one PDU. */
    private void sendPart(long lunField, int itt) {
        int max = connection.session().parameters().initiatorMaxRecvDataSegmentLength();
        ByteBuffer part = pending.slice(pending.position(), Math.min(max, pending.remaining()));
        pending.position(pending.position() + part.remaining());
        boolean last = !pending.hasRemaining();
        if (last) {
            pending = null;
            pendingTag = Bhs.RESERVED_TAG;
        } else {
            pendingTag = connection.newTag();
        }
        connection.send(TargetPdus.textResponse(last, !last, lunField, itt, last ? Bhs.RESERVED_TAG : pendingTag).data(part));
    }

    private void sendTargets(String value, List<KeyValue> answer) {
        IscsiSession session = connection.session();
        List<ServedTarget> targets = new ArrayList<>();
        if (value.equals("All")) {
            if (session.discovery()) {
                targets.addAll(context.targets().all());
            } else if (session.target() != null) {
                targets.add(session.target());
            }
        } else if (value.isEmpty()) {
            if (!session.discovery() && session.target() != null) {
                targets.add(session.target());
            }
        } else {
            ServedTarget named = context.targets().find(value);
            if (named != null) {
                targets.add(named);
            }
        }
        InetSocketAddress peer = connection.channel().remoteAddress();
        for (ServedTarget target : targets) {
            if (!target.access().permits(session.parameters().initiatorName(), peer == null ? null : peer.getAddress())) {
                continue;       // an initiator sees only the targets it may log in to
            }
            answer.add(new KeyValue("TargetName", target.name()));
            for (InetSocketAddress portal : portalAddresses()) {
                answer.add(new KeyValue("TargetAddress", format(portal) + "," + context.portalGroupTag()));
            }
        }
    }

    /** The portals to advertise; a wildcard portal is reported as the address this connection reached. */
    private List<InetSocketAddress> portalAddresses() {
        List<InetSocketAddress> result = new ArrayList<>();
        InetSocketAddress local = connection.channel().localAddress();
        for (InetSocketAddress portal : context.portals().get()) {
            if (portal.getAddress() == null || portal.getAddress().isAnyLocalAddress()) {
                result.add(new InetSocketAddress(local.getAddress(), portal.getPort()));
            } else {
                result.add(portal);
            }
        }
        if (result.isEmpty()) {
            result.add(local);
        }
        return result;
    }

    static String format(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        if (address.getAddress() instanceof Inet6Address) {
            int percent = host.indexOf('%');
            host = "[" + (percent >= 0 ? host.substring(0, percent) : host) + "]";
        }
        return host + ":" + address.getPort();
    }
}
