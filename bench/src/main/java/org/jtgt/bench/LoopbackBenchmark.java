package org.jtgt.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.jtgt.login.KeyValue;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.server.JtgtServer;
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
 * READ(10) and WRITE(10) through a whole embedded server over a loopback socket, one command
 * at a time: what {@link ScsiReadWriteBenchmark} measures plus the transport (the I/O
 * worker's selector loop, framing from the receive buffer, the write queue and gathering
 * writes). The client side allocates nothing per command, and JMH's {@code -prof gc} counts
 * every thread of the JVM, the I/O worker's included, so {@code gc.alloc.rate.norm} is what
 * the server allocates per command. A WRITE carries its data as immediate data (up to the
 * 256 KiB first burst); a READ comes back in one Data-In PDU. With {@code digests=true} the
 * session runs with CRC32C header and data digests; the client sends correct digests but does
 * not check the ones it receives, so the difference against {@code digests=false} is what the
 * digests cost the target (and the 8 bytes more per PDU on the wire).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m", "-XX:MaxDirectMemorySize=512m"})
public class LoopbackBenchmark {

    private static final String TARGET = "iqn.2026-11.org.jtgt:loopback";
    private static final int BLOCK = 512;
    private static final long LBA = 2048;

    /** Bytes per command, whole blocks, at most 256 KiB. */
    @Param({"4096"})
    int size;

    /** CRC32C header and data digests on the session. */
    @Param({"false"})
    boolean digests;

    private JtgtServer server;
    private SocketChannel channel;
    private WirePdu read;
    private WirePdu write;
    private final ByteBuffer response = ByteBuffer.allocateDirect(Bhs.LENGTH + 4 + (256 << 10) + 4);
    private int cmdSN = 1;
    private int expStatSN;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        if (size > 262144 || size % BLOCK != 0) {
            throw new IllegalArgumentException("size " + size + ": whole blocks up to the 256 KiB first burst");
        }
        server = JtgtServer.builder().name("loopback").threads(1).shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.lun(0, "memory:64M")).start();
        channel = SocketChannel.open(server.portals().get(0));
        expStatSN = LoginClient.login(channel, TARGET, "Normal", digests, new KeyValue("ImmediateData", "Yes"),
                new KeyValue("InitialR2T", "Yes"), new KeyValue("MaxRecvDataSegmentLength", "262144"),
                new KeyValue("FirstBurstLength", "262144"), new KeyValue("MaxBurstLength", "262144")) + 1;
        // the new nexus's power-on unit attention goes to a first command
        command(new WirePdu(InitiatorPdus.scsiCommand(0x1001, 0, TestCdbs.testUnitReady(), 0, false, false, true, 0, 0, null), digests,
                digests));
        ByteBuffer data = ByteBuffer.allocate(size);
        for (int i = 0; i < size; i++) {
            data.put(i, (byte) (i * 13 + 1));
        }
        int blocks = size / BLOCK;
        read = new WirePdu(InitiatorPdus.scsiCommand(1, 0, TestCdbs.read10(LBA, blocks), size, true, false, true, 0, 0, null), digests,
                digests);
        write = new WirePdu(InitiatorPdus.scsiCommand(2, 0, TestCdbs.write10(LBA, blocks), size, false, true, true, 0, 0, data), digests,
                digests);
        if (write() != 0 || read() != 0) {
            throw new IllegalStateException("a command failed");
        }
        int dataStart = Bhs.LENGTH + (digests ? 4 : 0);
        if (!response.limit(dataStart + size).position(dataStart).equals(data)) {
            throw new IllegalStateException("READ returned other data than WRITE stored");
        }
    }

    /** Sends one command and reads PDUs until its status; returns the SCSI status, or -1 for a Reject. */
    private int command(WirePdu pdu) throws IOException {
        pdu.putU32(Bhs.CMD_SN, cmdSN++).putU32(Bhs.EXP_STAT_SN, expStatSN);
        LoginClient.writeFully(channel, pdu.rewind());
        while (true) {
            LoginClient.readPdu(channel, response, digests);
            int opcode = Bhs.opcode(response);
            if (opcode == Opcode.SCSI_RESPONSE || opcode == Opcode.DATA_IN && Bhs.hasFlag(response, Bhs.FLAG_STATUS)) {
                expStatSN = Bhs.u32(response, Bhs.STAT_SN) + 1;
                return Bhs.u8(response, 3);
            }
            if (opcode == Opcode.REJECT) {
                return -1;
            }
        }
    }

    @Benchmark
    public int read() throws IOException {
        return command(read);
    }

    @Benchmark
    public int write() throws IOException {
        return command(write);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        channel.close();
        server.close();
    }
}
