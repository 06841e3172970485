package org.jtgt.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.logging.log4j.Level;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.ChapAccount;
import org.jtgt.api.LogicalUnit;
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
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.InlineChannel;
import org.jtgt.testing.LogCapture;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;

/**
 * A mutational fuzzer over the PDU decoder, the login state machine and the full feature phase:
 * seeds are well-formed initiator PDU streams, mutated a million times and fed to fresh
 * connections exactly as the transport would. Nothing may escape but the decoder's own
 * {@link PduFormatException} (which closes the connection), nothing may log at ERROR (which
 * marks a path that should not happen), every PDU the target sends must frame again, and
 * afterwards no session may be left and no buffer held.
 */
class PduFuzzTest {

    private static final String OPEN = "iqn.2026-11.org.jtgt.fuzz:open";
    private static final String CHAP = "iqn.2026-11.org.jtgt.fuzz:chap";
    private static final int LOGIN_INPUTS = 1_000_000;
    private static final int FULL_FEATURE_INPUTS = 200_000;

    private final TargetRegistry targets = new TargetRegistry();
    private final SessionRegistry sessions = new SessionRegistry();
    private final BufferPool pool = new BufferPool(8L << 20);
    private final EngineContext context;
    /** What the target sent over a whole run, by opcode: proof that the inputs reach deep. */
    private final long[] sent = new long[64];
    private long logins;

    PduFuzzTest() {
        Map<Integer, LogicalUnit> open = new TreeMap<>();
        open.put(0, new ScsiDisk(new MemoryStore(64 * 1024, 512, false), DiskIdentity.of(OPEN, 0, Map.of()), Runnable::run, false, nexus -> { }));
        targets.add(new ServedTarget(OPEN, "fuzz", open));
        targets.add(new ServedTarget(CHAP, null, Map.of(), AccessPolicy.builder().chap(ChapAccount.of("user", "fuzz-secret-123"))
                .allow("iqn.2026-11.org.jtgt.fuzz:*").build()));
        context = new EngineContext(NegotiationSettings.defaults(), targets, sessions, pool, Runnable::run, 1,
                () -> List.of(new InetSocketAddress("127.0.0.1", 3260)), EngineContext.ConnectionTimers.defaults(), SessionEvents.NONE,
                AccessPolicy.OPEN, new SecureRandom(), Limits.defaults());
    }

    /** A connection with no socket: what it sends is framed again and dropped. */
    private static final class FuzzChannel extends InlineChannel {
        final PduEncoder encoder = new PduEncoder();
        final PduDecoder recheck = new PduDecoder((p, n) -> ByteBuffer.allocate(n));
        IscsiConnection connection;
        PduDecoder decoder;
        boolean check;

        long[] sent;
        boolean loggedIn;

        @Override
        public void send(OutboundPdu pdu) {
            sent[pdu.opcode()]++;
            ByteBuffer h = pdu.header();
            if (pdu.opcode() == Opcode.LOGIN_RESPONSE && (h.get(1) & 0x83) == 0x83 && h.get(36) == 0) {
                loggedIn = true;
            }
            encoder.seal(pdu);
            if (check) {
                try {
                    Pdu again = recheck.decode(ByteBuffer.wrap(Wire.bytes(encoder, pdu)));
                    if (again == null) {
                        fail("the target sent a PDU that does not frame: " + pdu);
                    }
                } catch (PduFormatException e) {
                    fail("the target sent a malformed PDU: " + e.getMessage());
                }
            }
            Runnable done = pdu.whenDone();
            if (done != null) {
                done.run();
            }
        }

        @Override
        public void configure(boolean headerDigest, boolean dataDigest, int maxRecv) {
            encoder.setHeaderDigest(headerDigest);
            encoder.setDataDigest(dataDigest);
            recheck.setHeaderDigest(headerDigest);
            recheck.setDataDigest(dataDigest);
            recheck.setMaxDataSegmentLength(0xFFFFFF);
            decoder.setHeaderDigest(headerDigest);
            decoder.setDataDigest(dataDigest);
            decoder.setMaxDataSegmentLength(maxRecv);
        }

        @Override
        public void closeAfterFlush(String reason) {
            close(reason);
        }

        @Override
        public void close(String reason) {
            if (closedReason == null) {
                super.close(reason);
                connection.onClosed(reason);
            }
        }

        boolean closed() {
            return closedReason != null;
        }
    }

    /** Feeds one input to a fresh connection, in chunks as a socket would deliver it. */
    private void run(byte[] prefix, byte[] input, boolean check) {
        FuzzChannel channel = new FuzzChannel();
        channel.check = check;
        channel.sent = sent;
        IscsiConnection connection = new IscsiConnection(context, channel);
        channel.connection = connection;
        channel.decoder = new PduDecoder(connection);
        try {
            feed(channel, prefix);
            feed(channel, input);
        } catch (PduFormatException e) {
            // an unframeable stream: the transport closes the connection
        } finally {
            channel.close("end of input");
            if (channel.loggedIn) {
                logins++;
            }
        }
    }

    private static void feed(FuzzChannel channel, byte[] bytes) throws PduFormatException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        while (in.hasRemaining() && !channel.closed()) {
            ByteBuffer chunk = in.slice(in.position(), Math.min(in.remaining(), 1 + (bytes.length % 997)));
            in.position(in.position() + chunk.remaining());
            Pdu pdu;
            while (!channel.closed() && (pdu = channel.decoder.decode(chunk)) != null) {
                channel.connection.onPdu(pdu);
            }
        }
    }

    private static List<KeyValue> keys(String... pairs) {
        List<KeyValue> list = new ArrayList<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            list.add(new KeyValue(p.substring(0, eq), p.substring(eq + 1)));
        }
        return list;
    }

    private static byte[] stream(OutboundPdu... pdus) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (OutboundPdu p : pdus) {
            out.writeBytes(Wire.bytes(p));
        }
        return out.toByteArray();
    }

    private static byte[] login(String target, String... extra) {
        List<KeyValue> k = keys("InitiatorName=iqn.2026-11.org.jtgt.fuzz:initiator", "SessionType=Normal", "TargetName=" + target);
        k.addAll(keys(extra));
        return stream(InitiatorPdus.login(true, false, 1, 3, 0x400000000001L, 0, 1, 0, 1, 0, k));
    }

    private static List<byte[]> loginSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(login(OPEN, "HeaderDigest=None", "DataDigest=None", "MaxRecvDataSegmentLength=8192", "ImmediateData=Yes"));
        seeds.add(login(OPEN, "HeaderDigest=CRC32C,None", "DataDigest=CRC32C", "MaxBurstLength=16776192", "X-vendor=1"));
        seeds.add(stream(InitiatorPdus.login(false, false, 0, 0, 0x400000000002L, 0, 1, 0, 1, 0,
                        keys("InitiatorName=iqn.2026-11.org.jtgt.fuzz:i", "TargetName=" + CHAP, "AuthMethod=CHAP,None")),
                InitiatorPdus.login(false, false, 0, 0, 0x400000000002L, 0, 2, 0, 1, 0, keys("CHAP_A=7,6,5")),
                InitiatorPdus.login(true, false, 0, 1, 0x400000000002L, 0, 3, 0, 1, 0,
                        keys("CHAP_N=user", "CHAP_R=0x00112233445566778899aabbccddeeff", "CHAP_I=7", "CHAP_C=0x0102030405060708"))));
        seeds.add(stream(InitiatorPdus.login(true, false, 1, 3, 0x400000000003L, 0, 1, 0, 1, 0,
                keys("InitiatorName=iqn.2026-11.org.jtgt.fuzz:d", "SessionType=Discovery"))));
        seeds.add(stream(InitiatorPdus.login(false, true, 1, 0, 0x400000000004L, 0, 1, 0, 1, 0,
                        keys("InitiatorName=iqn.2026-11.org.jtgt.fuzz:c")),
                InitiatorPdus.login(true, false, 1, 3, 0x400000000004L, 0, 1, 0, 1, 0, keys("TargetName=" + OPEN))));
        seeds.add(stream(InitiatorPdus.nopOut(1, Bhs.RESERVED_TAG, true, 1, 0, ByteBuffer.wrap(new byte[37]))));
        return seeds;
    }

    private static List<byte[]> fullFeatureSeeds() {
        byte[] data = new byte[4096];
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(stream(InitiatorPdus.scsiCommand(1, 0, TestCdbs.write10(0, 8), 4096, false, true, false, 1, 2, ByteBuffer.wrap(data, 0, 1024)),
                InitiatorPdus.dataOut(1, 0, Bhs.RESERVED_TAG, 0, 1024, true, 2, ByteBuffer.wrap(data, 1024, 3072))));
        seeds.add(stream(InitiatorPdus.scsiCommand(2, 0, TestCdbs.read10(0, 8), 4096, true, false, true, 1, 2, null),
                InitiatorPdus.scsiCommand(3, 0, TestCdbs.inquiry(96), 96, true, false, true, 2, 2, null),
                InitiatorPdus.scsiCommand(4, 3, TestCdbs.reportLuns(64), 64, true, false, true, 3, 2, null)));
        seeds.add(stream(InitiatorPdus.scsiCommand(5, 0, TestCdbs.write10(0, 16), 8192, false, true, true, 1, 2, null),
                InitiatorPdus.dataOut(5, 0, 1, 0, 0, true, 2, ByteBuffer.wrap(data))));
        seeds.add(stream(InitiatorPdus.taskManagement(6, 1, 0, 5, 1, 1, 2), InitiatorPdus.taskManagement(7, 5, 0, 0, 1, 1, 2),
                InitiatorPdus.text(8, Bhs.RESERVED_TAG, true, false, 1, 2, keys("SendTargets=All")),
                InitiatorPdus.nopOut(9, Bhs.RESERVED_TAG, false, 2, 2, ByteBuffer.wrap(data, 0, 100)),
                InitiatorPdus.logout(10, 0, 0, true, 3, 2)));
        return seeds;
    }

    @Test
    void aMillionMutatedLoginStreams() {
        Mutator mutator = new Mutator(20261123L, loginSeeds());
        long start = System.nanoTime();
        try (LogCapture errors = new LogCapture(Level.ERROR)) {
            for (int i = 0; i < LOGIN_INPUTS; i++) {
                run(new byte[0], mutator.next(), i % 64 == 0);
            }
            assertTrue(errors.messages().isEmpty(), "nothing logs at ERROR: " + errors.messages().subList(0, Math.min(5, errors.messages().size())));
        }
        System.out.printf("%d login inputs in %.1f s, %d reached full feature phase%n", LOGIN_INPUTS, (System.nanoTime() - start) / 1e9, logins);
        assertEquals(0, sessions.size(), "every session ended with its connection");
        assertTrue(logins > LOGIN_INPUTS / 100, "mutants still log in often enough to test the phase after: " + logins);
        assertTrue(sent[Opcode.REJECT] > 0 || sent[Opcode.LOGIN_RESPONSE] > LOGIN_INPUTS / 2, "the target answered");
    }

    @Test
    void mutatedCommandStreamsAfterAGoodLogin() {
        byte[] prefix = login(OPEN, "HeaderDigest=None", "DataDigest=None", "ImmediateData=Yes", "InitialR2T=No",
                "MaxRecvDataSegmentLength=8192", "FirstBurstLength=4096");
        Mutator mutator = new Mutator(7L, fullFeatureSeeds());
        try (LogCapture errors = new LogCapture(Level.ERROR)) {
            for (int i = 0; i < FULL_FEATURE_INPUTS; i++) {
                run(prefix, mutator.next(), i % 16 == 0);
            }
            assertTrue(errors.messages().isEmpty(), "nothing logs at ERROR: " + errors.messages().subList(0, Math.min(5, errors.messages().size())));
        }
        assertEquals(0, sessions.size());
        for (int opcode : new int[] {Opcode.SCSI_RESPONSE, Opcode.DATA_IN, Opcode.R2T, Opcode.REJECT, Opcode.TASK_MANAGEMENT_RESPONSE,
                Opcode.TEXT_RESPONSE, Opcode.NOP_IN, Opcode.LOGOUT_RESPONSE}) {
            assertTrue(sent[opcode] > 100, "mutants reach opcode 0x" + Integer.toHexString(opcode) + ": " + sent[opcode]);
        }
        System.out.printf("full feature: %d SCSI responses, %d Data-In, %d R2T, %d Rejects%n", sent[Opcode.SCSI_RESPONSE],
                sent[Opcode.DATA_IN], sent[Opcode.R2T], sent[Opcode.REJECT]);
        assertEquals(0, pool.bytesInUse(), "every buffer a command took was given back");
    }
}
