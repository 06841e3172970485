package org.jtgt.it;

import static org.jtgt.it.FaultInjectionTest.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Map;
import org.jtgt.fault.FaultHandle;
import org.jtgt.pdu.Bhs;
import org.jtgt.pdu.Opcode;
import org.jtgt.pdu.TargetPdus;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.InitiatorPdus;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Fault rules that act on the iSCSI layer, through a real socket with the test initiator
 * (libiscsi negotiates no data digests and has no hook for task management): corrupt digests
 * reach the initiator as digest errors, and a stalled response is ended by ABORT TASK, by
 * removing its rule, or by the session's end, with nothing left over.
 */
class ProtocolFaultsTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.it:protocol-faults";
    private static final String INITIATOR = "iqn.2026-11.org.jtgt.it:tester";
    private static final Map<String, String> DIGESTS = Map.of("HeaderDigest", "CRC32C", "DataDigest", "CRC32C",
            "MaxRecvDataSegmentLength", "8192");

    private JtgtServer server;
    private TestInitiator ini;

    @BeforeEach
    void start() throws Exception {
        server = JtgtServer.builder().threads(2).target(TARGET, t -> t.lun(0, "memory:16M")).start();
        ini = TestInitiator.connect(server.portals().get(0));
        assertEquals(0, ini.login(INITIATOR, TARGET, DIGESTS));
    }

    @AfterEach
    void stop() throws Exception {
        ini.close();
        server.close();
    }

    /** Sends READ(10) without waiting for its answer; returns its task tag. */
    private int sendRead(long lba, int blocks) throws IOException {
        int itt = ini.nextItt();
        ini.send(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.read10(lba, blocks), blocks * 512, true, false, true, ini.nextCmdSN(), 0, null));
        return itt;
    }

    @Test
    void aCorruptDataDigestReachesTheInitiatorOnTheFirstDataIn() throws Exception {
        FaultHandle rule = server.faults().add("corrupt-data-digest opcode=READ count=1");
        int itt = sendRead(0, 64);
        TestInitiator.Received first = ini.receiveAnsweringPings();
        assertEquals(Opcode.DATA_IN, first.opcode());
        assertEquals(itt, first.u32(Bhs.INITIATOR_TASK_TAG));
        assertFalse(first.dataDigestValid(), "the injected data digest error");
        TestInitiator.Received next;
        do {
            next = ini.receiveAnsweringPings();
            assertTrue(next.dataDigestValid(), "only the first PDU is corrupt");
        } while ((next.flags() & Bhs.FLAG_STATUS) == 0);
        assertEquals(1, rule.fired());
        TestInitiator.Response again = ini.command(0, TestCdbs.read10(0, 64), 64 * 512, null, true);
        assertEquals(0, again.status(), "count=1: the next read is clean");
    }

    @Test
    void aCorruptHeaderDigestMakesTheInitiatorDropTheConnection() throws Exception {
        server.faults().add("corrupt-header-digest opcode=TEST_UNIT_READY count=1");
        int itt = ini.nextItt();
        ini.send(InitiatorPdus.scsiCommand(itt, 0, TestCdbs.testUnitReady(), 0, false, false, true, ini.nextCmdSN(), 0, null));
        IOException e = assertThrows(IOException.class, ini::receiveAnsweringPings);
        assertTrue(String.valueOf(e.getMessage()).contains("header digest error"), String.valueOf(e.getMessage()));
        ini.close();                 // what an initiator does at ErrorRecoveryLevel 0
        awaitTrue(() -> server.sessions().size() == 0);
        assertEquals(0, server.sessions().size());
    }

    @Test
    void abortTaskEndsAStalledReadAndTheSessionGoesOn() throws Exception {
        FaultHandle rule = server.faults().forLun(TARGET, 0).add("stall opcode=READ count=1");
        int cmdSN = ini.currentCmdSN();
        int stalled = sendRead(0, 32);
        int tmf = ini.nextItt();
        ini.send(InitiatorPdus.taskManagement(tmf, 1, 0, stalled, cmdSN, ini.currentCmdSN(), 0));
        TestInitiator.Received answer = ini.receiveAnsweringPings();
        assertEquals(Opcode.TASK_MANAGEMENT_RESPONSE, answer.opcode(), "the stalled read sends nothing before it");
        assertEquals(tmf, answer.u32(Bhs.INITIATOR_TASK_TAG));
        assertEquals(TargetPdus.TMF_COMPLETE, answer.u8(2), "Function complete: the task existed and is aborted");
        assertEquals(0, rule.held());
        int tur = ini.nextItt();
        ini.send(InitiatorPdus.scsiCommand(tur, 0, TestCdbs.testUnitReady(), 0, false, false, true, ini.nextCmdSN(), 0, null));
        TestInitiator.Received next = ini.receiveAnsweringPings();
        assertEquals(Opcode.SCSI_RESPONSE, next.opcode());
        assertEquals(tur, next.u32(Bhs.INITIATOR_TASK_TAG), "never an answer for the aborted read");
        assertEquals(0, next.u8(3));
        assertEquals(0, server.buffers().bytesInUse(), "the read's buffer came back");
        assertEquals(0, ini.logout());
    }

    @Test
    void removingTheRuleSendsTheStalledResponse() throws Exception {
        FaultHandle rule = server.faults().add("stall opcode=READ");
        int itt = sendRead(8, 1);
        awaitTrue(() -> rule.held() == 1);
        assertEquals(1, rule.held());
        rule.remove();
        TestInitiator.Received late = ini.receiveAnsweringPings();
        assertEquals(itt, late.u32(Bhs.INITIATOR_TASK_TAG));
        assertEquals(Bhs.FLAG_STATUS, late.flags() & Bhs.FLAG_STATUS);
        assertEquals(0, late.u8(3), "GOOD, only late");
    }

    @Test
    void theEndOfTheSessionReleasesStalledResponses() throws Exception {
        FaultHandle rule = server.faults().add("stall");
        sendRead(0, 64);
        sendRead(64, 64);
        awaitTrue(() -> rule.held() == 2);
        assertEquals(2, rule.held());
        ini.abort();
        awaitTrue(() -> server.sessions().size() == 0 && server.buffers().bytesInUse() == 0);
        assertEquals(0, server.sessions().size());
        assertEquals(0, rule.held(), "the rule holds nothing of a gone session");
        assertEquals(0, server.buffers().bytesInUse());
        assertEquals(0, server.targets().find(TARGET).mapped(0).inFlight());
    }
}
