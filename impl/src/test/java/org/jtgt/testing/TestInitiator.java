package org.jtgt.testing;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jtgt.login.KeyValue;
import org.jtgt.login.TextKeys;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.pdu.PduFormatException;

/**
 * A small iSCSI initiator over a real socket, for tests that need control real initiators do
 * not give: data digests, corrupted PDUs, exact PDU sequences. One outstanding command at a
 * time; blocking I/O. Not thread-safe. Never the only proof: the real initiators are.
 */
public final class TestInitiator implements Closeable {

    /** A PDU as received: its header and data, copied. */
    public record Received(byte[] header, byte[] data, boolean dataDigestValid) {
        public int opcode() {
            return header[0] & 0x3F;
        }

        public int flags() {
            return header[1] & 0xFF;
        }

        public int u8(int offset) {
            return header[offset] & 0xFF;
        }

        public int u32(int offset) {
            return ByteBuffer.wrap(header).getInt(offset);
        }
    }

    /** The outcome of a SCSI command. */
    public record Response(int status, byte[] data, byte[] sense, int residualFlags, int residualCount) {
        public int senseKey() {
            return sense.length > 2 ? (sense[0] & 0x7F) >= 0x72 ? sense[1] & 0x0F : sense[2] & 0x0F : -1;
        }

        public int asc() {
            return (sense[0] & 0x7F) >= 0x72 ? sense[2] & 0xFF : sense[12] & 0xFF;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final PduEncoder encoder = new PduEncoder();
    private final PduDecoder decoder = new PduDecoder((pdu, length) -> ByteBuffer.allocate(length));
    private final ByteBuffer receive = ByteBuffer.allocate(1 << 20).flip();
    private final long isid;
    private int cmdSN = 1;
    private int expStatSN;
    private int itt = 1;
    private Map<String, String> negotiated = Map.of();
    private int targetMaxRecv = 8192;
    private int firstBurst = 65536;
    private boolean immediateData = true;
    private boolean initialR2T = true;

    private TestInitiator(Socket socket, long isid) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.isid = isid;
    }

    public static TestInitiator connect(InetSocketAddress portal) throws IOException {
        Socket s = new Socket();
        s.connect(portal, 5000);
        s.setSoTimeout(10_000);
        s.setTcpNoDelay(true);
        return new TestInitiator(s, 0x80_0000_0000L | (System.nanoTime() & 0xFFFFFFFFL));
    }

    public int nextItt() {
        return itt++;
    }

    /** The CmdSN for a non-immediate command sent by hand; advances it. */
    public int nextCmdSN() {
        return cmdSN++;
    }

    /** The CmdSN an immediate command carries (it does not advance). */
    public int currentCmdSN() {
        return cmdSN;
    }

    /** The keys of the target's final login response. */
    public Map<String, String> negotiated() {
        return negotiated;
    }

    /**
     * Logs in, operational stage only, offering {@code keys}; returns the login status
     * (class &lt;&lt; 8 | detail). On success digests are switched on as negotiated, and the unit
     * attentions of LUN 0 of a normal session are cleared.
     */
    public int login(String initiatorName, String targetName, Map<String, String> keys) throws IOException {
        List<KeyValue> offer = new ArrayList<>();
        offer.add(new KeyValue("InitiatorName", initiatorName));
        if (targetName != null) {
            offer.add(new KeyValue("SessionType", "Normal"));
            offer.add(new KeyValue("TargetName", targetName));
        } else {
            offer.add(new KeyValue("SessionType", "Discovery"));
        }
        keys.forEach((k, v) -> offer.add(new KeyValue(k, v)));
        send(InitiatorPdus.login(true, false, 1, 3, isid, 0, nextItt(), 0, cmdSN, expStatSN, offer));
        Received reply = receive();
        if (reply.opcode() != Opcode.LOGIN_RESPONSE) {
            throw new IOException("expected a Login Response, got opcode " + reply.opcode());
        }
        int status = reply.u8(36) << 8 | reply.u8(37);
        if (status != 0) {
            return status;
        }
        Map<String, String> answer = keys(reply.data());
        negotiated = answer;
        targetMaxRecv = Integer.parseInt(answer.getOrDefault("MaxRecvDataSegmentLength", "8192"));
        firstBurst = Integer.parseInt(answer.getOrDefault("FirstBurstLength", keys.getOrDefault("FirstBurstLength", "65536")));
        immediateData = "Yes".equals(answer.getOrDefault("ImmediateData", "Yes"));
        initialR2T = "Yes".equals(answer.getOrDefault("InitialR2T", "Yes"));
        encoder.setHeaderDigest("CRC32C".equals(answer.get("HeaderDigest")));
        encoder.setDataDigest("CRC32C".equals(answer.get("DataDigest")));
        decoder.setHeaderDigest("CRC32C".equals(answer.get("HeaderDigest")));
        decoder.setDataDigest("CRC32C".equals(answer.get("DataDigest")));
        decoder.setMaxDataSegmentLength(Integer.parseInt(keys.getOrDefault("MaxRecvDataSegmentLength", "8192")));
        if (targetName != null) {
            clearUnitAttentions();
        }
        return 0;
    }

    /**
     * What initiators do after a login (libiscsi's connect, the Linux SCSI scan): TEST UNIT
     * READY to LUN 0 until it reports no unit attention, such as the power-on condition a disk
     * reports to a new I_T nexus.
     */
    private void clearUnitAttentions() throws IOException {
        for (int i = 0; i < 10; i++) {
            Response r = command(0, new byte[6], 0, null, false);
            if (r.status() != 2 || r.senseKey() != 0x06) {
                return;
            }
        }
        throw new IOException("too many unit attentions after login");
    }

    /**
     * Runs a SCSI command to its end: immediate data, unsolicited data and R2T-solicited
     * Data-Out as negotiated, Data-In collected, status and sense returned.
     */
    public Response command(int lun, byte[] cdb, int expectedLength, byte[] dataOut, boolean read) throws IOException {
        int tag = nextItt();
        boolean write = dataOut != null;
        int immediate = write && immediateData ? Math.min(Math.min(firstBurst, targetMaxRecv), dataOut.length) : 0;
        int unsolicitedEnd = write && !initialR2T ? Math.min(firstBurst, dataOut.length) : immediate;
        boolean fin = !write || unsolicitedEnd == immediate;
        send(InitiatorPdus.scsiCommand(tag, lun, cdb, expectedLength, read, write, fin, cmdSN++, expStatSN,
                immediate > 0 ? ByteBuffer.wrap(dataOut, 0, immediate) : null));
        if (write) {
            sendData(tag, lun, dataOut, Bhs.RESERVED_TAG, immediate, unsolicitedEnd - immediate);
        }
        ByteBuffer data = ByteBuffer.allocate(Math.max(expectedLength, 0));
        while (true) {
            Received pdu = receive();
            switch (pdu.opcode()) {
                case Opcode.R2T:
                    sendData(tag, lun, dataOut, pdu.u32(Bhs.TARGET_TRANSFER_TAG), pdu.u32(Bhs.BUFFER_OFFSET),
                            pdu.u32(Bhs.DESIRED_DATA_TRANSFER_LENGTH));
                    break;
                case Opcode.DATA_IN:
                    data.put(pdu.u32(Bhs.BUFFER_OFFSET), pdu.data());
                    data.position(Math.max(data.position(), pdu.u32(Bhs.BUFFER_OFFSET) + pdu.data().length));
                    if ((pdu.flags() & Bhs.FLAG_STATUS) != 0) {
                        return new Response(pdu.u8(3), copy(data), new byte[0], pdu.flags() & 6, pdu.u32(Bhs.RESIDUAL_COUNT));
                    }
                    break;
                case Opcode.SCSI_RESPONSE: {
                    byte[] sense = new byte[0];
                    if (pdu.data().length >= 2) {
                        int n = ByteBuffer.wrap(pdu.data()).getShort(0) & 0xFFFF;
                        sense = java.util.Arrays.copyOfRange(pdu.data(), 2, 2 + n);
                    }
                    return new Response(pdu.u8(3), copy(data), sense, pdu.flags() & 6, pdu.u32(Bhs.RESIDUAL_COUNT));
                }
                case Opcode.NOP_IN:
                    answerPing(pdu);
                    break;
                default:
                    throw new IOException("unexpected opcode " + Opcode.name(pdu.opcode()) + " during a command");
            }
        }
    }

    private static byte[] copy(ByteBuffer data) {
        byte[] b = new byte[data.position()];
        data.get(0, b);
        return b;
    }

    private void sendData(int tag, int lun, byte[] data, int ttt, int offset, int length) throws IOException {
        int dataSN = 0;
        for (int at = offset; at < offset + length; ) {
            int n = Math.min(targetMaxRecv, offset + length - at);
            send(InitiatorPdus.dataOut(tag, lun, ttt, dataSN++, at, at + n == offset + length, expStatSN, ByteBuffer.wrap(data, at, n)));
            at += n;
        }
    }

    private void answerPing(Received nopIn) throws IOException {
        if (nopIn.u32(Bhs.TARGET_TRANSFER_TAG) != Bhs.RESERVED_TAG) {
            send(InitiatorPdus.nopOut(Bhs.RESERVED_TAG, nopIn.u32(Bhs.TARGET_TRANSFER_TAG), true, cmdSN, expStatSN, null));
        }
    }

    /** SendTargets=All; returns the response keys in order (repeated keys joined with '|'). */
    public Map<String, String> sendTargets(String value) throws IOException {
        send(InitiatorPdus.text(nextItt(), Bhs.RESERVED_TAG, true, false, cmdSN++, expStatSN,
                List.of(new KeyValue("SendTargets", value))));
        return keys(receive().data());
    }

    /** Logs out (closing the session) and returns the Logout Response code. */
    public int logout() throws IOException {
        send(InitiatorPdus.logout(nextItt(), 0, 0, true, cmdSN, expStatSN));
        Received r;
        do {
            r = receive();
        } while (r.opcode() == Opcode.NOP_IN);
        return r.u8(2);
    }

    /** Sends any PDU, sealed with the negotiated digests. */
    public void send(OutboundPdu pdu) throws IOException {
        out.write(Wire.bytes(encoder, pdu));
        out.flush();
    }

    /** Sends raw bytes. */
    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The encoder this initiator seals PDUs with (to build raw, e.g. corrupted, PDUs). */
    public PduEncoder encoder() {
        return encoder;
    }

    /** Receives the next PDU (blocking, 10 s timeout); tracks StatSN. */
    public Received receive() throws IOException {
        while (true) {
            try {
                Pdu pdu = decoder.decode(receive);
                if (pdu != null) {
                    byte[] header = new byte[Bhs.LENGTH];
                    pdu.header().get(0, header);
                    byte[] data = new byte[pdu.data().remaining()];
                    pdu.data().get(pdu.data().position(), data);
                    Received r = new Received(header, data, pdu.dataDigestValid());
                    if (r.opcode() != Opcode.DATA_IN || (r.flags() & Bhs.FLAG_STATUS) != 0) {
                        expStatSN = r.u32(Bhs.STAT_SN) + 1;
                    }
                    return r;
                }
            } catch (PduFormatException e) {
                throw new IOException(e);
            }
            receive.compact();
            int n;
            try {
                n = in.read(receive.array(), receive.position(), receive.remaining());
            } catch (SocketTimeoutException e) {
                receive.flip();
                throw e;
            }
            if (n < 0) {
                receive.flip();
                throw new IOException("connection closed by the target");
            }
            receive.position(receive.position() + n).flip();
        }
    }

    /** Receives the next PDU that is not a NOP-In, answering the target's pings meanwhile. */
    public Received receiveAnsweringPings() throws IOException {
        while (true) {
            Received r = receive();
            if (r.opcode() != Opcode.NOP_IN) {
                return r;
            }
            answerPing(r);
        }
    }

    /** Whether the target closed the connection (reads end of stream within the timeout). */
    public boolean closedByTarget(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            while (true) {
                receive();
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static Map<String, String> keys(byte[] data) throws IOException {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (KeyValue kv : TextKeys.parse(data)) {
                m.merge(kv.key(), kv.value(), (a, b) -> a + "|" + b);
            }
        } catch (Exception e) {
            throw new IOException(e);
        }
        return m;
    }

    /** Half-closes: the target reads end of stream, this side can still read. */
    public void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** Closes with a reset instead of an orderly end of stream. */
    public void abort() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
