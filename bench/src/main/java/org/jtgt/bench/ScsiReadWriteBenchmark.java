package org.jtgt.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jtgt.pdu.Bhs;
import org.jtgt.store.MemoryStore;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.TestCdbs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SCSI READ(10) and WRITE(10) path end to end without sockets: each operation is one
 * command, from its wire bytes through the decoder, the connection's command processing, the
 * disk and a memory store, to its response PDUs sealed for the wire. A WRITE larger than the
 * first burst (64 KiB) sends the rest after the target's R2T, as an initiator with
 * InitialR2T=Yes does. The figure that matters on a busy machine is {@code gc.alloc.rate.norm}
 * (bytes per command) from {@code -prof gc}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m"})
public class ScsiReadWriteBenchmark {

    private static final int BLOCK = 512;
    private static final int FIRST_BURST = 65536;
    private static final long LBA = 2048;

    /** Bytes per command. */
    @Param({"4096", "131072"})
    int size;

    /** Whether header and data digests (CRC32C) are negotiated. */
    @Param({"false"})
    boolean digests;

    private MemoryStore store;
    private ConnectionRig rig;
    private WirePdu read;
    private WirePdu write;
    private WirePdu dataOut;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        String digest = digests ? "CRC32C" : "None";
        store = new MemoryStore(64L << 20, BLOCK, false);
        rig = new ConnectionRig(store, "HeaderDigest=" + digest, "DataDigest=" + digest, "ImmediateData=Yes", "InitialR2T=Yes",
                "MaxRecvDataSegmentLength=262144", "FirstBurstLength=" + FIRST_BURST, "MaxBurstLength=262144", "MaxOutstandingR2T=1");
        ByteBuffer data = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            data.put(i, (byte) (i * 31 + 7));
        }
        int blocks = size / BLOCK;
        int immediate = Math.min(size, FIRST_BURST);
        read = new WirePdu(InitiatorPdus.scsiCommand(1, 0, TestCdbs.read10(LBA, blocks), size, true, false, true, 0, 0, null),
                digests, digests);
        write = new WirePdu(InitiatorPdus.scsiCommand(2, 0, TestCdbs.write10(LBA, blocks), size, false, true, true, 0, 0,
                data.slice(0, immediate)), digests, digests);
        if (size > immediate) {
            dataOut = new WirePdu(InitiatorPdus.dataOut(2, 0, 0, 0, immediate, true, 0, data.slice(immediate, size - immediate)),
                    digests, digests);
        }
        write();
        read();
        rig.check();
        ByteBuffer stored = ByteBuffer.allocate(size);
        store.read(LBA * BLOCK, stored);
        if (!stored.flip().equals(data)) {
            throw new IllegalStateException("the store does not hold what was written");
        }
    }

    @Benchmark
    public int read() {
        read.putU32(Bhs.CMD_SN, rig.nextCmdSN()).putU32(Bhs.EXP_STAT_SN, rig.expStatSN());
        rig.feed(read.rewind());
        return rig.channel.lastStatus;
    }

    @Benchmark
    public int write() {
        write.putU32(Bhs.CMD_SN, rig.nextCmdSN()).putU32(Bhs.EXP_STAT_SN, rig.expStatSN());
        rig.feed(write.rewind());
        if (dataOut != null) {
            dataOut.putU32(Bhs.TARGET_TRANSFER_TAG, rig.channel.lastR2tTag).putU32(Bhs.EXP_STAT_SN, rig.expStatSN());
            rig.feed(dataOut.rewind());
        }
        return rig.channel.lastStatus;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        rig.check();
        rig.close();
        if (rig.buffers.bytesInUse() != 0) {
            throw new IllegalStateException(rig.buffers.bytesInUse() + " bytes of buffers never came back");
        }
    }
}
