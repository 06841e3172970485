package org.jtgt.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.List;
import org.jtgt.login.KeyValue;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.Wire;

/**
 * The smallest iSCSI initiator that proves a target serves: it connects, sends one Login
 * Request that goes from operational negotiation straight to full feature phase, and checks
 * that the Login Response grants it. Blocking socket I/O on the calling thread.
 */
final class LoginClient {

    private static final int TIMEOUT_MILLIS = 5000;

    private LoginClient() {
    }

    /**
     * Logs in to {@code target} at {@code portal} and closes the connection again.
     *
     * @throws IOException if the connection fails or the target refuses the login
     */
    static void login(InetSocketAddress portal, String target) throws IOException {
        List<KeyValue> keys = List.of(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt:bench-initiator"),
                new KeyValue("SessionType", "Normal"), new KeyValue("TargetName", target),
                new KeyValue("HeaderDigest", "None"), new KeyValue("DataDigest", "None"));
        byte[] request = Wire.bytes(InitiatorPdus.login(true, false, 1, 3, 0x400000000002L, 0, 1, 0, 1, 0, keys));
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.connect(portal, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            socket.getOutputStream().write(request);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            byte[] bhs = new byte[Bhs.LENGTH];
            in.readFully(bhs);
            ByteBuffer header = ByteBuffer.wrap(bhs);
            int length = Bhs.dataSegmentLength(header);
            in.skipNBytes(length + PduDecoder.padding(length));
            int status = Bhs.u16(header, 36);
            boolean fullFeature = Bhs.hasFlag(header, Bhs.FLAG_TRANSIT) && (Bhs.flags(header) & 3) == 3;
            if (Bhs.opcode(header) != Opcode.LOGIN_RESPONSE || status != 0 || !fullFeature) {
                throw new IOException(String.format("login refused: opcode %02x, status %04x, flags %02x", Bhs.opcode(header), status,
                        Bhs.flags(header)));
            }
        }
    }
}
