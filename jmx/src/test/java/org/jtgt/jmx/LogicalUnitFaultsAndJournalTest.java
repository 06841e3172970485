package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.CompositeData;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The journal and fault operations of a LogicalUnit bean, on a private MBean server and over Jolokia. */
class LogicalUnitFaultsAndJournalTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:lu-ops";
    private static final String INITIATOR = "iqn.2026-11.org.jtgt.test:lu-ops-initiator";
    private static final String[] STRING = {"java.lang.String"};
    private static final String[] INT = {"int"};

    private MBeanServer mbs;
    private JtgtServer server;
    private ObjectName lun;

    @BeforeEach
    void start() throws Exception {
        mbs = MBeanServerFactory.newMBeanServer();
        server = JtgtServer.builder().name("lu-ops").threads(1).shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.lun(0, "memory:8M")).start();
        JtgtMBeans.register(server, mbs);
        lun = new ObjectName("org.jtgt:type=LogicalUnit,server=lu-ops,target=\"" + TARGET + "\",name=0");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CompositeData[] journal(int last) throws Exception {
        return (CompositeData[]) mbs.invoke(lun, "journal", new Object[] {last}, INT);
    }

    @Test
    void theJournalIsOffUntilItsAttributeIsSetAndShowsCommandsAsOpenData() throws Exception {
        assertEquals(false, mbs.getAttribute(lun, "JournalEnabled"));
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login(INITIATOR, TARGET, Map.of()));
            ini.command(0, TestCdbs.write10(4, 1), 512, new byte[512], false);
            assertEquals(0, journal(10).length, "off: nothing recorded");
            mbs.setAttribute(lun, new Attribute("JournalEnabled", true));
            assertEquals(0, ini.command(0, TestCdbs.write10(16, 8), 4096, new byte[4096], false).status());
            assertEquals(0, ini.command(0, TestCdbs.read10(16, 8), 4096, null, true).status());
        }
        CompositeData[] entries = journal(10);
        assertEquals(2, entries.length);
        CompositeData write = entries[0];
        assertEquals("WRITE(10)", write.get("operation"));
        assertEquals(0x2A, write.get("opcode"));
        assertEquals(16L, write.get("lba"));
        assertEquals(8L, write.get("blocks"));
        assertEquals("16-23", write.get("ranges"));
        assertEquals(4096, write.get("transferLength"));
        assertEquals(INITIATOR, write.get("initiator"));
        assertEquals("GOOD", write.get("status"));
        assertEquals("", write.get("senseKey"));
        assertEquals(-1, write.get("asc"));
        assertTrue(((String) write.get("completed")).startsWith("20"), (String) write.get("completed"));
        assertEquals("READ(10)", entries[1].get("operation"));
        assertEquals(1, journal(1).length, "the newest only");
        assertEquals("READ(10)", journal(1)[0].get("operation"));
        assertEquals(2, mbs.getAttribute(lun, "JournalSize"));

        mbs.setAttribute(lun, new Attribute("JournalCapacity", 1));
        assertEquals(1L, mbs.getAttribute(lun, "JournalDropped"));
        mbs.invoke(lun, "clearJournal", new Object[0], new String[0]);
        assertEquals(0, mbs.getAttribute(lun, "JournalSize"));
        assertEquals(0L, mbs.getAttribute(lun, "JournalDropped"));
    }

    @Test
    void faultRulesAreAddedListedAndRemovedByOperations() throws Exception {
        mbs.setAttribute(lun, new Attribute("JournalEnabled", true));
        String id = (String) mbs.invoke(lun, "addFault", new Object[] {"medium-error  count=1 lba=16"}, STRING);
        assertEquals("f1", id);
        assertArrayEquals(new String[] {"f1 medium-error lba=16 count=1 (fired 0)"}, (String[]) mbs.invoke(lun, "listFaults", null, null));
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login(INITIATOR, TARGET, Map.of()));
            TestInitiator.Response failed = ini.command(0, TestCdbs.read10(12, 8), 4096, null, true);
            assertEquals(2, failed.status());
            assertEquals(3, failed.senseKey());
        }
        assertArrayEquals(new String[] {"f1 medium-error lba=16 count=1 (fired 1)"}, (String[]) mbs.invoke(lun, "listFaults", null, null));
        CompositeData entry = journal(1)[0];
        assertEquals("CHECK_CONDITION", entry.get("status"));
        assertEquals("MEDIUM_ERROR", entry.get("senseKey"));
        assertEquals(0x11, entry.get("asc"));
        assertEquals("f1 CHECK CONDITION MEDIUM_ERROR 11h/00h info=16", entry.get("fault"));

        assertEquals(true, mbs.invoke(lun, "removeFault", new Object[] {"f1"}, STRING));
        assertEquals(false, mbs.invoke(lun, "removeFault", new Object[] {"f1"}, STRING));
        server.faults().add("busy count=1");
        assertEquals(0, ((String[]) mbs.invoke(lun, "listFaults", null, null)).length, "a server-wide rule is not the LUN's to list");
        mbs.invoke(lun, "addFault", new Object[] {"stall"}, STRING);
        mbs.invoke(lun, "addFault", new Object[] {"latency 5ms"}, STRING);
        assertEquals(2, mbs.invoke(lun, "clearFaults", null, null));
        assertEquals(1, server.faults().list().size(), "the server-wide rule stays");
    }

    @Test
    void aRuleThatDoesNotParseIsRefusedWithTheReason() throws Exception {
        Exception e = assertThrows(Exception.class, () -> mbs.invoke(lun, "addFault", new Object[] {"medium-error lba=9-1"}, STRING));
        assertTrue(String.valueOf(e.getCause()).contains("fault rule 'medium-error lba=9-1': lba=9-1: the range ends before it starts"),
                String.valueOf(e.getCause()));
        assertTrue(server.faults().list().isEmpty());
    }

    @Test
    void overJolokiaAsTheReadmeShows() throws Exception {
        try (JtgtMBeans beans = JtgtMBeans.register(server);
             JolokiaAgent agent = JolokiaAgent.start(new InetSocketAddress("127.0.0.1", 0), List.of(), null, null)) {
            assertEquals("lu-ops", beans.instance(), "published on the platform MBean server, where Jolokia looks");
            JolokiaHttp jolokia = new JolokiaHttp(agent.url());
            String mbean = "org.jtgt:type=LogicalUnit,server=lu-ops,target=\\\"" + TARGET + "\\\",name=0";
            String added = jolokia.postOk("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"addFault\","
                    + "\"arguments\":[\"medium-error lba=1000-1007 count=1\"]}");
            assertTrue(added.contains("\"value\":\"f1\""), added);
            String listed = jolokia.postOk("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"listFaults\"}");
            assertTrue(listed.contains("f1 medium-error lba=1000-1007 count=1 (fired 0)"), listed);
            String refused = jolokia.post("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"addFault\",\"arguments\":[\"explode\"]}");
            assertFalse(refused.contains("\"status\":200"), refused);
            assertTrue(refused.contains("unknown action 'explode'"), refused);
            jolokia.postOk("{\"type\":\"write\",\"mbean\":\"" + mbean + "\",\"attribute\":\"JournalEnabled\",\"value\":true}");
            try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
                assertEquals(0, ini.login(INITIATOR, TARGET, Map.of()));
                ini.command(0, TestCdbs.write10(0, 1), 512, new byte[512], false);
            }
            String journal = jolokia.postOk("{\"type\":\"exec\",\"mbean\":\"" + mbean + "\",\"operation\":\"journal\",\"arguments\":[5]}");
            assertTrue(journal.contains("\"operation\":\"WRITE(10)\""), journal);
            assertTrue(journal.contains("\"initiator\":\"" + INITIATOR + "\""), journal);
        }
    }
}
