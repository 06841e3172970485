package org.jtgt.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Random;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.PduEncoder;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.jtgt.testing.Wire;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * CRC32C header and data digests through the real transport (libiscsi cannot do data
 * digests, so the test initiator does): data survives a round trip with both digests on; a
 * corrupted data digest fails only its command; a corrupted header digest ends the connection.
 */
class DigestsOnTheWireTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:digests";
    private static final Map<String, String> DIGESTS = Map.of("HeaderDigest", "CRC32C", "DataDigest", "CRC32C",
            "MaxRecvDataSegmentLength", "65536", "ImmediateData", "Yes", "InitialR2T", "No",
            "FirstBurstLength", "65536", "MaxBurstLength", "262144", "MaxOutstandingR2T", "2");

    private static JtgtServer start(int threads) throws Exception {
        return JtgtServer.builder().threads(threads).target(TARGET, t -> t.lun(0, "memory:16M")).start();
    }

    private static InetSocketAddress portal(JtgtServer server) {
        return server.portals().get(0);
    }

    @ParameterizedTest(name = "-T {0}")
    @ValueSource(ints = {1, 3})
    void writeAndReadBackWithBothDigests(int threads) throws Exception {
        try (JtgtServer server = start(threads); TestInitiator ini = TestInitiator.connect(portal(server))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:ini", TARGET, DIGESTS));
            assertEquals("CRC32C", ini.negotiated().get("HeaderDigest"));
            assertEquals("CRC32C", ini.negotiated().get("DataDigest"));
            byte[] content = new byte[1024 * 1024];
            new Random(threads).nextBytes(content);
            TestInitiator.Response w = ini.command(0, TestCdbs.write16(64, 2048), content.length, content, false);
            assertEquals(0, w.status());
            TestInitiator.Response r = ini.command(0, TestCdbs.read16(64, 2048), content.length, null, true);
            assertEquals(0, r.status());
            assertArrayEquals(content, r.data());
            assertEquals(0, ini.logout());
        }
    }

    @ParameterizedTest(name = "-T {0}")
    @ValueSource(ints = {1, 2})
    void aDataDigestErrorFailsItsCommandOnly(int threads) throws Exception {
        try (JtgtServer server = start(threads); TestInitiator ini = TestInitiator.connect(portal(server))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:ini", TARGET,
                    Map.of("HeaderDigest", "CRC32C", "DataDigest", "CRC32C", "ImmediateData", "No", "InitialR2T", "No")));
            int itt = ini.nextItt();
            ini.send(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 1), 512, false, true, false, ini.nextCmdSN(), 0, null));
            byte[] dataOut = Wire.bytes(ini.encoder(),
                    InitiatorPdus.dataOut(itt, 0, Bhs.RESERVED_TAG, 0, 0, true, 0, ByteBuffer.wrap(new byte[512])));
            dataOut[52 + 100] ^= 0x01;            // one bit of the data, after header and header digest
            ini.sendRaw(dataOut);
            TestInitiator.Received reject = ini.receive();
            assertEquals(Opcode.REJECT, reject.opcode());
            assertEquals(TargetPdus.REJECT_DATA_DIGEST_ERROR, reject.u8(2));
            TestInitiator.Received response = ini.receive();
            assertEquals(Opcode.SCSI_RESPONSE, response.opcode());
            assertEquals(itt, response.u32(Bhs.INITIATOR_TASK_TAG));
            assertEquals(2, response.u8(3), "CHECK CONDITION");
            // the connection goes on
            TestInitiator.Response tur = ini.command(0, TestCdbs.testUnitReady(), 0, null, false);
            assertEquals(0, tur.status());
        }
    }

    @ParameterizedTest(name = "-T {0}")
    @ValueSource(ints = {1, 2})
    void aHeaderDigestErrorEndsTheConnection(int threads) throws Exception {
        try (JtgtServer server = start(threads); TestInitiator ini = TestInitiator.connect(portal(server))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:ini", TARGET, Map.of("HeaderDigest", "CRC32C")));
            byte[] nop = Wire.bytes(ini.encoder(), InitiatorPdus.nopOut(5, Bhs.RESERVED_TAG, true, ini.currentCmdSN(), 0, null));
            nop[20] ^= 0x40;
            ini.sendRaw(nop);
            assertTrue(ini.closedByTarget(5000));
            // the server keeps serving others
            try (TestInitiator other = TestInitiator.connect(portal(server))) {
                assertEquals(0, other.login("iqn.2026-11.org.jtgt.test:other", TARGET, Map.of()));
                assertEquals(0, other.command(0, TestCdbs.testUnitReady(), 0, null, false).status());
            }
        }
    }

    @ParameterizedTest(name = "-T {0}")
    @ValueSource(ints = {1, 2})
    void aSegmentAboveMaxRecvDataSegmentLengthEndsTheConnection(int threads) throws Exception {
        try (JtgtServer server = start(threads); TestInitiator ini = TestInitiator.connect(portal(server))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:ini", TARGET, Map.of()));
            byte[] header = Wire.bytes(new PduEncoder(), InitiatorPdus.nopOut(5, Bhs.RESERVED_TAG, true, ini.currentCmdSN(), 0, null));
            header[5] = 0x10;        // announces 1 MiB, more than the 256 KiB the target declared
            ini.sendRaw(header);
            assertTrue(ini.closedByTarget(5000));
        }
    }
}
