package org.jtgt.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.BackingStore;
import org.jtgt.api.LogicalUnit;
import org.jtgt.api.LogicalUnitContext;
import org.jtgt.api.Nexus;
import org.jtgt.buffer.BufferPool;
import org.jtgt.iscsi.EngineContext;
import org.jtgt.iscsi.IscsiConnection;
import org.jtgt.iscsi.Limits;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.iscsi.SessionEvents;
import org.jtgt.iscsi.SessionRegistry;
import org.jtgt.iscsi.TargetRegistry;
import org.jtgt.login.KeyValue;
import org.jtgt.login.NegotiationSettings;
import org.jtgt.login.SessionParameters;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduFormatException;
import org.jtgt.scsi.DiskProvider;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.Wire;

/**
 * One logged-in iSCSI connection to a disk LUN, run without sockets: the engine's own
 * {@link IscsiConnection} and {@link PduDecoder}, exactly as an I/O worker drives them, over a
 * {@link SinkChannel}. The benchmark thread plays the owning worker; the store must be a
 * memory-speed one (its commands then complete on that thread). Not thread-safe.
 */
final class ConnectionRig {

    static final String TARGET = "iqn.2026-11.org.jtgt:bench";

    final SinkChannel channel = new SinkChannel();
    final IscsiConnection connection;
    final BufferPool buffers = new BufferPool(64L << 20);
    private final PduDecoder decoder;
    private final LogicalUnit unit;
    private int cmdSN = 1;

    /**
     * Builds the engine around {@code store} at LUN 0 and logs in with these operational keys
     * (besides the names and the session type).
     */
    ConnectionRig(BackingStore store, String... keys) throws IOException {
        this.unit = new DiskProvider().create(new UnitContext(store));
        Map<Integer, LogicalUnit> units = new TreeMap<>();
        units.put(0, unit);
        TargetRegistry targets = new TargetRegistry();
        targets.add(new ServedTarget(TARGET, "bench", units));
        EngineContext context = new EngineContext(NegotiationSettings.defaults(), targets, new SessionRegistry(), buffers,
                Runnable::run, 1, () -> List.of(new InetSocketAddress("127.0.0.1", 3260)),
                new EngineContext.ConnectionTimers(0, 30_000, 30_000), SessionEvents.NONE, AccessPolicy.OPEN, new SecureRandom(),
                Limits.defaults());
        connection = new IscsiConnection(context, channel);
        decoder = new PduDecoder(connection);
        channel.decoder(decoder);
        login(keys);
    }

    private void login(String... keyValues) {
        List<KeyValue> keys = new ArrayList<>();
        keys.add(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt:bench-initiator"));
        keys.add(new KeyValue("SessionType", "Normal"));
        keys.add(new KeyValue("TargetName", TARGET));
        for (String kv : keyValues) {
            int eq = kv.indexOf('=');
            keys.add(new KeyValue(kv.substring(0, eq), kv.substring(eq + 1)));
        }
        feed(ByteBuffer.wrap(Wire.bytes(InitiatorPdus.login(true, false, 1, 3, 0x400000000001L, 0, 0x1000, 1, cmdSN, 0, keys))));
        if (channel.lastOpcode != Opcode.LOGIN_RESPONSE || !connection.fullFeature()) {
            throw new IllegalStateException("login failed: " + channel.closedReason);
        }
        // a new I_T nexus has a unit attention pending (power on); an initiator takes it with its first command
        SessionParameters negotiated = connection.session().parameters();
        feed(new WirePdu(InitiatorPdus.scsiCommand(0x1001, 0, TestCdbs.testUnitReady(), 0, false, false, true, nextCmdSN(), expStatSN(),
                null), negotiated.headerDigest(), negotiated.dataDigest()).rewind());
        channel.badStatus = 0;
    }

    /** Takes the next CmdSN, as the initiator numbers its commands. */
    int nextCmdSN() {
        return cmdSN++;
    }

    /** The ExpStatSN the initiator would send now. */
    int expStatSN() {
        return connection.statSN();
    }

    /** Frames every PDU in {@code wire} and hands it to the connection, as a socket read does. */
    void feed(ByteBuffer wire) {
        try {
            Pdu pdu;
            while ((pdu = decoder.decode(wire)) != null) {
                connection.onPdu(pdu);
            }
        } catch (PduFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails if the target answered anything but GOOD, or closed the connection. */
    void check() {
        if (channel.badStatus != 0 || channel.closedReason != null) {
            throw new IllegalStateException(channel.badStatus + " commands failed; closed: " + channel.closedReason);
        }
    }

    void close() throws IOException {
        channel.close("benchmark over");
        connection.onClosed("benchmark over");
        unit.close();
    }

    /** What the disk provider needs: the store, LUN 0 of the bench target, work inline. */
    private record UnitContext(BackingStore store) implements LogicalUnitContext {
        @Override
        public String targetName() {
            return TARGET;
        }

        @Override
        public int lun() {
            return 0;
        }

        @Override
        public Map<String, String> options() {
            return Map.of();
        }

        @Override
        public Executor blockingExecutor() {
            return Runnable::run;
        }

        @Override
        public void abortTasks(Nexus nexus) {
        }
    }
}
