package org.jtgt.server;

import static org.jtgt.testing.ProtocolHarness.opcode;
import static org.jtgt.testing.ProtocolHarness.u8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.jtgt.iscsi.Limits;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.OutboundPdu;
import org.jtgt.testing.HeldUnit;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.ProtocolHarness;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.Test;

/** What initiators are granted, and what happens beyond. */
class LimitsTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:limits";

    private static JtgtServer server(Limits limits) throws Exception {
        return JtgtServer.builder().threads(2).shutdownGrace(Duration.ZERO).limits(limits).target(TARGET, t -> t.lun(0, "memory:16M")).start();
    }

    @Test
    void connectionsBeyondThePortalLimitAreClosedAtOnce() throws Exception {
        try (JtgtServer server = server(new Limits(2, 64, 100, 100, 16 << 20, 64L << 20));
             TestInitiator a = TestInitiator.connect(server.portals().get(0));
             TestInitiator b = TestInitiator.connect(server.portals().get(0));
             TestInitiator c = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, a.login("iqn.2026-11.org.jtgt.test:a", TARGET, Map.of()));
            assertEquals(0, b.login("iqn.2026-11.org.jtgt.test:b", TARGET, Map.of()));
            assertTrue(c.closedByTarget(3000), "the third connection is refused");
            assertEquals(1, server.portalListeners().get(0).refused());
            a.close();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (server.portalListeners().get(0).openConnections() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            try (TestInitiator d = TestInitiator.connect(server.portals().get(0))) {
                assertEquals(0, d.login("iqn.2026-11.org.jtgt.test:d", TARGET, Map.of()), "room again once one closed");
            }
        }
    }

    @Test
    void connectionsPerAddressAreLimited() throws Exception {
        try (JtgtServer server = server(new Limits(100, 1, 100, 100, 16 << 20, 64L << 20));
             TestInitiator a = TestInitiator.connect(server.portals().get(0));
             TestInitiator b = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, a.login("iqn.2026-11.org.jtgt.test:a", TARGET, Map.of()));
            assertTrue(b.closedByTarget(3000));
        }
    }

    @Test
    void sessionsAreLimitedInAllAndPerInitiator() throws Exception {
        try (JtgtServer server = server(new Limits(100, 100, 2, 1, 16 << 20, 64L << 20));
             TestInitiator a = TestInitiator.connect(server.portals().get(0));
             TestInitiator a2 = TestInitiator.connect(server.portals().get(0));
             TestInitiator b = TestInitiator.connect(server.portals().get(0));
             TestInitiator c = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, a.login("iqn.2026-11.org.jtgt.test:a", TARGET, Map.of()));
            assertEquals(0x0302, a2.login("iqn.2026-11.org.jtgt.test:a", TARGET, Map.of()), "one session per initiator");
            assertEquals(0, b.login("iqn.2026-11.org.jtgt.test:b", TARGET, Map.of()));
            assertEquals(0x0302, c.login("iqn.2026-11.org.jtgt.test:c", TARGET, Map.of()), "two sessions in all");
        }
    }

    @Test
    void aWriteLargerThanTheLimitIsRefusedWithoutAllocating() throws Exception {
        try (JtgtServer server = server(new Limits(100, 100, 100, 100, 1 << 20, 64L << 20));
             TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:big", TARGET, Map.of("ImmediateData", "No", "InitialR2T", "Yes")));
            int itt = ini.nextItt();
            ini.send(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.write10(0, 65535), Integer.MAX_VALUE, false, true, true,
                    ini.nextCmdSN(), 0, null));
            TestInitiator.Received r = ini.receive();
            assertEquals(Opcode.SCSI_RESPONSE, r.opcode());
            assertEquals(2, r.u8(3));
            assertTrue(r.data()[2 + 12] == 0x24, "INVALID FIELD IN CDB");
            assertEquals(0, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).status(), "the connection goes on");
        }
    }

    @Test
    void aConnectionHoldingTooMuchDataGetsTaskSetFull() {
        HeldUnit unit = new HeldUnit();
        ProtocolHarness h = new ProtocolHarness(unit, new Limits(100, 100, 100, 100, 1 << 20, 1536 * 1024));
        h.loginDefaults();
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.write10(0, 2048), 1 << 20, false, true, true, h.nextCmdSN(), 1, null));
        assertEquals(Opcode.R2T, opcode(h.take().get(0)), "1 MiB fits");
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.write10(0, 2048), 1 << 20, false, true, true, h.nextCmdSN(), 1, null));
        List<OutboundPdu> out = h.take();
        assertEquals(1, out.size());
        assertEquals(Opcode.SCSI_RESPONSE, opcode(out.get(0)));
        assertEquals(0x28, u8(out.get(0), 3), "TASK SET FULL: the second MiB does not fit");
        unit.behave(c -> c.dataIn(1 << 20));
        h.receive(InitiatorPdus.scsiCommand(h.nextItt(), 0, TestCdbs.read10(0, 2048), 1 << 20, true, false, true, h.nextCmdSN(), 1, null));
        OutboundPdu read = h.take().get(0);
        assertEquals(0x28, u8(read, 3), "a data-in buffer counts too");
        assertNull(h.channel.closedReason, "the connection goes on");
    }
}
