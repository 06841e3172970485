package org.jtgt.iscsi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jtgt.api.AccessPolicy;
import org.jtgt.api.LogicalUnit;
import org.jtgt.buffer.BufferPool;
import org.jtgt.login.KeyValue;
import org.jtgt.login.NegotiationSettings;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.scsi.DiskIdentity;
import org.jtgt.scsi.ScsiDisk;
import org.jtgt.store.MemoryStore;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.InlineChannel;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.Wire;
import org.junit.jupiter.api.Test;

/**
 * Pooled tasks, buffers and PDUs under reuse: a channel that, like the real transport, finishes
 * and recycles PDUs only when it "writes" them, later than they were sent, while two writes at
 * a time collect their data through interleaved R2Ts and reads come back as several Data-In
 * PDUs. A task, buffer or PDU reused while still in flight shows up as wrong bytes on the wire.
 */
class ObjectReuseTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt:reuse";
    private static final int LENGTH = 32 * 1024;

    /** Queues what the target sends; {@link #flush} writes it: copies its bytes, finishes it, recycles it. */
    private static final class DelayedChannel extends InlineChannel {
        final PduEncoder encoder = new PduEncoder();
        final List<OutboundPdu> queued = new ArrayList<>();
        final List<byte[][]> written = new ArrayList<>();
        PduDecoder decoder;

        @Override
        public void send(OutboundPdu pdu) {
            encoder.seal(pdu);
            queued.add(pdu);
        }

        /** Writes at most {@code max} of the queued PDUs, oldest first. */
        void flush(int max) {
            int n = Math.min(max, queued.size());
            for (int i = 0; i < n; i++) {
                OutboundPdu pdu = queued.get(i);
                byte[] header = new byte[Bhs.LENGTH];
                pdu.header().get(0, header);
                byte[] data = new byte[pdu.data().remaining()];
                pdu.data().get(pdu.data().position(), data);
                written.add(new byte[][] {header, data});
                if (pdu.whenDone() != null) {
                    pdu.whenDone().run();
                }
                pdu.recycle();
            }
            queued.subList(0, n).clear();
        }

        @Override
        public void configure(boolean headerDigest, boolean dataDigest, int maxRecv) {
            decoder.setMaxDataSegmentLength(maxRecv);
        }
    }

    private final MemoryStore store = new MemoryStore(16L << 20, 512, false);
    private final BufferPool buffers = new BufferPool(16L << 20);
    private final DelayedChannel channel = new DelayedChannel();
    private final IscsiConnection connection;
    private final Random random = new Random(7);
    private int cmdSN = 1;

    ObjectReuseTest() {
        TargetRegistry targets = new TargetRegistry();
        LogicalUnit disk = new ScsiDisk(store, DiskIdentity.of(TARGET, 0, Map.of()), Runnable::run, false, nexus -> { });
        targets.add(new ServedTarget(TARGET, null, Map.of(0, disk)));
        EngineContext context = new EngineContext(NegotiationSettings.defaults(), targets, new SessionRegistry(), buffers, Runnable::run,
                1, () -> List.of(new InetSocketAddress("127.0.0.1", 3260)), EngineContext.ConnectionTimers.defaults(), SessionEvents.NONE,
                AccessPolicy.OPEN, new SecureRandom(), Limits.defaults());
        connection = new IscsiConnection(context, channel);
        channel.decoder = new PduDecoder(connection);
    }

    private void receive(OutboundPdu pdu) throws Exception {
        ByteBuffer in = ByteBuffer.wrap(Wire.bytes(pdu));
        Pdu framed;
        while ((framed = channel.decoder.decode(in)) != null) {
            connection.onPdu(framed);
        }
    }

    /** What was written since the last call. */
    private List<byte[][]> written() {
        channel.flush(Integer.MAX_VALUE);
        List<byte[][]> out = new ArrayList<>(channel.written);
        channel.written.clear();
        return out;
    }

    private static int u32(byte[] header, int offset) {
        return ByteBuffer.wrap(header).getInt(offset);
    }

    @Test
    void interleavedWritesAndSplitReadsStayIntactWhileObjectsAreReused() throws Exception {
        List<KeyValue> keys = List.of(new KeyValue("InitiatorName", "iqn.2026-11.org.jtgt:reuser"), new KeyValue("SessionType", "Normal"),
                new KeyValue("TargetName", TARGET), new KeyValue("ImmediateData", "Yes"), new KeyValue("InitialR2T", "Yes"),
                new KeyValue("MaxRecvDataSegmentLength", "8192"), new KeyValue("FirstBurstLength", "8192"),
                new KeyValue("MaxBurstLength", "16384"), new KeyValue("MaxOutstandingR2T", "2"));
        receive(InitiatorPdus.login(true, false, 1, 3, 0x400000000009L, 0, 1, 1, cmdSN, 0, keys));
        written();
        assertTrue(connection.fullFeature());
        // the new nexus's unit attention (power on) goes to a first command, as an initiator's would
        receive(InitiatorPdus.scsiCommand(0x99, 0, TestCdbs.testUnitReady(), 0, false, false, true, cmdSN++, 0, null));
        written();

        for (int round = 0; round < 200; round++) {
            byte[][] contents = {new byte[LENGTH], new byte[LENGTH]};
            for (int w = 0; w < 2; w++) {
                random.nextBytes(contents[w]);
                int itt = 0x100 + w;
                receive(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(w * 64, LENGTH / 512), LENGTH, false, true, true, cmdSN++, 0,
                        ByteBuffer.wrap(contents[w], 0, 8192)));
            }
            // answer the R2Ts newest first, each burst in two Data-Out PDUs, flushing in between
            List<byte[][]> r2ts = written();
            while (!r2ts.isEmpty()) {
                List<byte[][]> next = new ArrayList<>();
                for (int i = r2ts.size() - 1; i >= 0; i--) {
                    byte[] h = r2ts.get(i)[0];
                    assertEquals(Opcode.R2T, h[0] & 0x3F, "round " + round);
                    int itt = u32(h, Bhs.INITIATOR_TASK_TAG);
                    int offset = u32(h, Bhs.BUFFER_OFFSET);
                    int length = u32(h, Bhs.DESIRED_DATA_TRANSFER_LENGTH);
                    byte[] content = contents[itt - 0x100];
                    for (int at = 0, dataSN = 0; at < length; at += 8192, dataSN++) {
                        int n = Math.min(8192, length - at);
                        receive(InitiatorPdus.dataOut(itt, 0, u32(h, Bhs.TARGET_TRANSFER_TAG), dataSN, offset + at, at + n == length, 0,
                                ByteBuffer.wrap(content, offset + at, n)));
                    }
                    for (byte[][] pdu : written()) {
                        if ((pdu[0][0] & 0x3F) == Opcode.R2T) {
                            next.add(pdu);
                        } else {
                            assertEquals(Opcode.SCSI_RESPONSE, pdu[0][0] & 0x3F);
                            assertEquals(0, pdu[0][3], "GOOD");
                        }
                    }
                }
                r2ts = next;
            }
            // the second read arrives while the first one's Data-In are partly written
            for (int w = 0; w < 2; w++) {
                receive(InitiatorPdus.scsiCommand(0x200 + w, 0, TestCdbs.read10(w * 64, LENGTH / 512), LENGTH, true, false, true, cmdSN++, 0,
                        null));
                channel.flush(1);
            }
            ByteBuffer[] got = {ByteBuffer.allocate(LENGTH), ByteBuffer.allocate(LENGTH)};
            for (byte[][] pdu : written()) {
                assertEquals(Opcode.DATA_IN, pdu[0][0] & 0x3F);
                got[u32(pdu[0], Bhs.INITIATOR_TASK_TAG) - 0x200].put(u32(pdu[0], Bhs.BUFFER_OFFSET), pdu[1]);
            }
            assertArrayEquals(contents[0], got[0].array(), "round " + round);
            assertArrayEquals(contents[1], got[1].array(), "round " + round);
        }
        assertEquals(0, connection.activeTasks());
        assertEquals(0, buffers.bytesInUse(), "every buffer came back");
        assertTrue(buffers.allocatedBytes() <= 8 * LENGTH, "buffers were reused: " + buffers.allocatedBytes());
    }
}
