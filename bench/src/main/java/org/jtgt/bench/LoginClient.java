package org.jtgt.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.jtgt.login.KeyValue;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.Wire;

/**
 * The smallest iSCSI initiator that proves a target serves: one Login Request that goes from
 * operational negotiation straight to full feature phase, checked to be granted. Blocking
 * socket I/O on the calling thread; it also reads whole PDUs for benchmarks that go on talking
 * over the same connection.
 */
final class LoginClient {

    private LoginClient() {
    }

    /**
     * Connects, logs in to {@code target} at {@code portal} and closes the connection again.
     *
     * @throws IOException if the connection fails or the target refuses the login
     */
    static void login(InetSocketAddress portal, String target) throws IOException {
        try (SocketChannel channel = SocketChannel.open(portal)) {
            login(channel, target, "Normal");
        }
    }

    /**
     * Logs in over {@code channel} with no digests and the given extra keys.
     *
     * @return the Login Response's StatSN
     */
    static int login(SocketChannel channel, String target, String sessionType, KeyValue... extra) throws IOException {
        return login(channel, target, sessionType, false, extra);
    }

    /**
     * Logs in over {@code channel} with the given extra keys, asking for CRC32C header and data
     * digests if {@code digests} (the target grants them: jtgt accepts CRC32C).
     *
     * @return the Login Response's StatSN
     */
    static int login(SocketChannel channel, String target, String sessionType, boolean digests, KeyValue... extra) throws IOException {
        String digest = digests ? "CRC32C" : "None";
        List<KeyValue> keys = new ArrayList<>(List.of(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt:bench-initiator"),
                new KeyValue("SessionType", sessionType), new KeyValue("TargetName", target),
                new KeyValue("HeaderDigest", digest), new KeyValue("DataDigest", digest)));
        keys.addAll(List.of(extra));
        channel.socket().setTcpNoDelay(true);
        writeFully(channel, ByteBuffer.wrap(Wire.bytes(InitiatorPdus.login(true, false, 1, 3, 0x400000000002L, 0, 1, 0, 1, 0, keys))));
        ByteBuffer in = ByteBuffer.allocate(Bhs.LENGTH + 65536);
        readPdu(channel, in);
        int status = Bhs.u16(in, 36);
        boolean fullFeature = Bhs.hasFlag(in, Bhs.FLAG_TRANSIT) && (Bhs.flags(in) & 3) == 3;
        if (Bhs.opcode(in) != Opcode.LOGIN_RESPONSE || status != 0 || !fullFeature) {
            throw new IOException(String.format("login refused: opcode %02x, status %04x, flags %02x", Bhs.opcode(in), status,
                    Bhs.flags(in)));
        }
        return Bhs.u32(in, Bhs.STAT_SN);
    }

    /**
     * Reads one PDU without digests into {@code into} from index 0: its header, then its data
     * segment and padding. Allocates nothing.
     */
    static void readPdu(SocketChannel channel, ByteBuffer into) throws IOException {
        readPdu(channel, into, false);
    }

    /**
     * Reads one PDU into {@code into} from index 0, with CRC32C header and data digests if
     * {@code digests}: the data segment then starts at {@link Bhs#LENGTH} + 4. The digests are
     * read but not checked, so that a benchmark's client spends nothing on them and the cost it
     * measures is the target's. Allocates nothing.
     */
    static void readPdu(SocketChannel channel, ByteBuffer into, boolean digests) throws IOException {
        int header = Bhs.LENGTH + (digests ? 4 : 0);
        into.clear().limit(header);
        readFully(channel, into);
        int length = Bhs.dataSegmentLength(into);
        into.limit(header + length + PduDecoder.padding(length) + (digests && length > 0 ? 4 : 0));
        readFully(channel, into);
    }

    static void writeFully(SocketChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void readFully(SocketChannel channel, ByteBuffer into) throws IOException {
        while (into.hasRemaining()) {
            if (channel.read(into) < 0) {
                throw new IOException("the target closed the connection");
            }
        }
    }
}
