package org.jtgt.testing;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jtgt.api.LogicalUnit;
import org.jtgt.buffer.BufferPool;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.iscsi.Limits;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.iscsi.SessionRegistry;
import org.jtgt.iscsi.TargetRegistry;
import org.jtgt.login.KeyValue;
import org.jtgt.login.NegotiationSettings;
import org.jtgt.login.TextKeys;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.pdu.PduFormatException;
import org.jtgt.scsi.DiskIdentity;
import org.jtgt.scsi.ScsiDisk;
import org.jtgt.store.MemoryStore;

/**
 * Drives one {@link IscsiConnection} without sockets, the way the transport does: initiator
 * PDUs are encoded to bytes and framed by a {@link PduDecoder} whose allocator is the
 * connection, and every PDU the target sends is captured. Completions run inline on the
 * calling thread, which plays the owning worker.
 */
public final class ProtocolHarness {

    public static final String TARGET = "iqn.2026-11.org.jtgt:test";

    /** The captured side of the connection. */
    public final class Channel extends InlineChannel {
        private final PduEncoder encoder = new PduEncoder();
        public final List<OutboundPdu> sent = new ArrayList<>();
        public boolean closedAfterFlush;

        @Override
        public void send(OutboundPdu pdu) {
            encoder.seal(pdu);
            sent.add(pdu);
        }

        @Override
        public void configure(boolean headerDigest, boolean dataDigest, int maxRecv) {
            encoder.setHeaderDigest(headerDigest);
            encoder.setDataDigest(dataDigest);
            decoder.setHeaderDigest(headerDigest);
            decoder.setDataDigest(dataDigest);
            decoder.setMaxDataSegmentLength(maxRecv);
            initiatorEncoder.setHeaderDigest(headerDigest);
            initiatorEncoder.setDataDigest(dataDigest);
        }

        @Override
        public void closeAfterFlush(String reason) {
            super.closeAfterFlush(reason);
            closedAfterFlush = true;
        }

        @Override
        public void close(String reason) {
            super.close(reason);
            connection.onClosed(reason);
        }
    }

    public final Channel channel = new Channel();
    public final EngineContext context;
    public final MemoryStore store;
    private final IscsiConnection connection;
    private final PduDecoder decoder;
    private final PduEncoder initiatorEncoder = new PduEncoder();
    private int cmdSN = 1;
    private int nextItt = 1;

    public ProtocolHarness() {
        this(NegotiationSettings.defaults(), new EngineContext.ConnectionTimers(15_000, 30_000, 30_000));
    }

    public ProtocolHarness(NegotiationSettings settings, EngineContext.ConnectionTimers timers) {
        this(settings, timers, new TargetRegistry(), new SessionRegistry());
    }

    /** A harness whose target maps {@code unit} at LUN 0 instead of a disk. */
    public ProtocolHarness(LogicalUnit unit) {
        this(unit, Limits.defaults());
    }

    /** A harness whose target maps {@code unit} at LUN 0, with its own limits. */
    public ProtocolHarness(LogicalUnit unit, Limits limits) {
        this(NegotiationSettings.defaults(), new EngineContext.ConnectionTimers(15_000, 30_000, 30_000), targetWith(unit),
                new SessionRegistry(), new MemoryStore(512, 512, false), limits);
    }

    private static TargetRegistry targetWith(LogicalUnit unit) {
        TargetRegistry targets = new TargetRegistry();
        targets.add(new ServedTarget(TARGET, null, Map.of(0, unit)));
        return targets;
    }

    /** A harness sharing targets and sessions with another (a second connection to the same server). */
    public ProtocolHarness(ProtocolHarness sibling) {
        this(sibling.context.settings(), sibling.context.timers(), sibling.context.targets(), sibling.context.sessions(), sibling.store);
    }

    private ProtocolHarness(NegotiationSettings settings, EngineContext.ConnectionTimers timers, TargetRegistry targets,
            SessionRegistry sessions) {
        this(settings, timers, targets, sessions, null);
    }

    private ProtocolHarness(NegotiationSettings settings, EngineContext.ConnectionTimers timers, TargetRegistry targets,
            SessionRegistry sessions, MemoryStore shared) {
        this(settings, timers, targets, sessions, shared, Limits.defaults());
    }

    /** A harness with its own limits. */
    public ProtocolHarness(Limits limits) {
        this(NegotiationSettings.defaults(), new EngineContext.ConnectionTimers(15_000, 30_000, 30_000), new TargetRegistry(),
                new SessionRegistry(), null, limits);
    }

    private ProtocolHarness(NegotiationSettings settings, EngineContext.ConnectionTimers timers, TargetRegistry targets,
            SessionRegistry sessions, MemoryStore shared, Limits limits) {
        if (shared == null) {
            store = new MemoryStore(64L * 1024 * 1024, 512, false);
            Map<Integer, LogicalUnit> units = new TreeMap<>();
            units.put(0, new ScsiDisk(store, DiskIdentity.of(TARGET, 0, Map.of()), Runnable::run, false, nexus -> { }));
            targets.add(new ServedTarget(TARGET, "test target", units));
        } else {
            store = shared;
        }
        context = new EngineContext(settings, targets, sessions, new BufferPool(16L << 20), Runnable::run, 1,
                () -> List.of(new InetSocketAddress("127.0.0.1", 3260)), timers, org.jtgt.iscsi.SessionEvents.NONE,
                org.jtgt.api.AccessPolicy.OPEN, new java.security.SecureRandom(), limits);
        connection = new IscsiConnection(context, channel);
        decoder = new PduDecoder(connection);
    }

    public IscsiConnection connection() {
        return connection;
    }

    /** Sends initiator PDUs through the decoder into the connection. */
    public void receive(OutboundPdu... pdus) {
        for (OutboundPdu pdu : pdus) {
            receiveBytes(Wire.bytes(initiatorEncoder, pdu));
        }
    }

    /** Raw bytes into the decoder, as a socket read would deliver them. */
    public void receiveBytes(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            Pdu pdu;
            while ((pdu = decoder.decode(in)) != null) {
                connection.onPdu(pdu);
            }
        } catch (PduFormatException e) {
            channel.close(e.getMessage());
        }
    }

    /** The PDUs sent since the last call, and forgets them. */
    public List<OutboundPdu> take() {
        List<OutboundPdu> out = new ArrayList<>(channel.sent);
        channel.sent.clear();
        return out;
    }

    public int nextCmdSN() {
        return cmdSN++;
    }

    public int peekCmdSN() {
        return cmdSN;
    }

    public void setCmdSN(int value) {
        cmdSN = value;
    }

    public int nextItt() {
        return nextItt++;
    }

    /** Logs in to the test target in one operational-stage request with these keys (plus names). */
    public OutboundPdu login(long isid, String... keyValues) {
        List<KeyValue> keys = new ArrayList<>();
        keys.add(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt:initiator"));
        keys.add(new KeyValue("SessionType", "Normal"));
        keys.add(new KeyValue("TargetName", TARGET));
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            keys.add(new KeyValue(kv.substring(0, eq), kv.substring(eq + 1)));
        }
        receive(InitiatorPdus.login(true, false, 1, 3, isid, 0, 0x4000, 1, cmdSN, 0, keys));
        List<OutboundPdu> replies = take();
        return replies.get(replies.size() - 1);
    }

    /**
     * What initiators do after a login: TEST UNIT READY to LUN 0 until it reports no unit
     * attention, such as the power-on condition a disk reports to a new I_T nexus.
     */
    public void clearUnitAttentions() {
        for (int i = 0; i < 10; i++) {
            receive(InitiatorPdus.scsiCommand(nextItt(), 0, new byte[6], 0, false, false, true, nextCmdSN(), 1, null));
            List<OutboundPdu> replies = take();
            OutboundPdu status = replies.get(replies.size() - 1);
            if (opcode(status) != Opcode.SCSI_RESPONSE || u8(status, 3) != 2) {
                return;
            }
        }
        throw new AssertionError("too many unit attentions after login");
    }

    /** Logs in with digests off, immediate data, InitialR2T=No and the given lengths. */
    public OutboundPdu loginDefaults() {
        return login(0x400000000001L, "HeaderDigest=None", "DataDigest=None", "ImmediateData=Yes", "InitialR2T=No",
                "MaxRecvDataSegmentLength=8192", "MaxBurstLength=16384", "FirstBurstLength=8192", "MaxOutstandingR2T=2");
    }

    /** The keys of a text or login response. */
    public static Map<String, String> keys(OutboundPdu pdu) {
        Map<String, String> m = new LinkedHashMap<>();
        try {
            for (KeyValue kv : TextKeys.parse(pdu.data())) {
                m.merge(kv.key(), kv.value(), (a, b) -> a + "|" + b);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return m;
    }

    public static int opcode(OutboundPdu pdu) {
        return Bhs.opcode(pdu.header());
    }

    public static int u8(OutboundPdu pdu, int offset) {
        return Bhs.u8(pdu.header(), offset);
    }

    public static int u32(OutboundPdu pdu, int offset) {
        return Bhs.u32(pdu.header(), offset);
    }

    public static byte[] data(OutboundPdu pdu) {
        byte[] b = new byte[pdu.data().remaining()];
        pdu.data().get(pdu.data().position(), b);
        return b;
    }
}
