package org.jtgt.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.pdu.OutboundPduPool;
import org.jtgt.pdu.Pdu;
import org.jtgt.pdu.PduDecoder;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.pdu.PduFormatException;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.TestCdbs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PDU codec alone: framing a SCSI Command and an 8 KiB Data-Out from a buffer, and
 * building and sealing a SCSI Response and an 8 KiB Data-In (from a connection's PDU pool, and
 * recycled as the transport recycles them once written), with and without CRC32C header and
 * data digests.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PduCodecBenchmark {

    private static final int SEGMENT = 8192;

    /** Whether header and data digests are on. */
    @Param({"false", "true"})
    boolean digests;

    private PduDecoder commandDecoder;
    private PduDecoder dataOutDecoder;
    private WirePdu command;
    private WirePdu dataOut;
    private final ByteBuffer destination = ByteBuffer.allocateDirect(SEGMENT);
    private final ByteBuffer dataIn = ByteBuffer.allocateDirect(SEGMENT);
    private final PduEncoder encoder = new PduEncoder();
    /** The PDUs a connection reuses, as the engine takes them for every command. */
    private final OutboundPduPool pool = new OutboundPduPool(4);

    @Setup
    public void setUp() {
        commandDecoder = decoder((pdu, length) -> {
            throw new IllegalStateException("a READ command has no data segment");
        });
        dataOutDecoder = decoder((pdu, length) -> destination.clear().limit(length));
        ByteBuffer payload = ByteBuffer.allocate(SEGMENT);
        for (int i = 0; i < SEGMENT; i++) {
            payload.put(i, (byte) i);
        }
        command = new WirePdu(InitiatorPdus.scsiCommand(0x10, 0, TestCdbs.read10(2048, 8), 4096, true, false, true, 7, 3, null),
                digests, digests);
        dataOut = new WirePdu(InitiatorPdus.dataOut(0x11, 0, 0x22, 0, 0, true, 3, payload), digests, digests);
        encoder.setHeaderDigest(digests);
        encoder.setDataDigest(digests);
    }

    private PduDecoder decoder(PduDecoder.DataSegmentAllocator allocator) {
        PduDecoder d = new PduDecoder(allocator);
        d.setHeaderDigest(digests);
        d.setDataDigest(digests);
        d.setMaxDataSegmentLength(262144);
        return d;
    }

    @Benchmark
    public Pdu decodeScsiCommand() throws PduFormatException {
        return commandDecoder.decode(command.rewind());
    }

    @Benchmark
    public Pdu decodeDataOut() throws PduFormatException {
        return dataOutDecoder.decode(dataOut.rewind());
    }

    @Benchmark
    public int encodeScsiResponse() {
        OutboundPdu pdu = TargetPdus.scsiResponse(pool, 0x10, 0, 0, 0, 0, 1, null);
        encoder.seal(pdu);
        return written(pdu);
    }

    @Benchmark
    public int encodeDataIn() {
        OutboundPdu pdu = TargetPdus.dataIn(pool, 0L, 0x10, 0, 0, true, 0, 0, 0).data(dataIn.clear());
        encoder.seal(pdu);
        return written(pdu);
    }

    /** What the transport does once the PDU is on the wire: it recycles it. */
    private static int written(OutboundPdu pdu) {
        int length = (int) pdu.remaining();
        pdu.recycle();
        return length;
    }
}
