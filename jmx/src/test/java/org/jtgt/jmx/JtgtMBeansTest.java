package org.jtgt.jmx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import javax.management.Attribute;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The beans of a running server, on a private MBean server. */
class JtgtMBeansTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:beans";

    private MBeanServer mbs;
    private JtgtServer server;

    @BeforeEach
    void start() throws Exception {
        mbs = MBeanServerFactory.newMBeanServer();
        server = JtgtServer.builder().name("beans").threads(2).shutdownGrace(Duration.ZERO)
                .target(TARGET, t -> t.alias("bean disk").lun(0, "memory:8M")).start();
        JtgtMBeans.register(server, mbs);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Set<ObjectName> names(String pattern) throws Exception {
        return mbs.queryNames(new ObjectName(pattern), null);
    }

    @Test
    void everyObjectHasItsBeanUnderTheDesignedNames() throws Exception {
        assertTrue(mbs.isRegistered(new ObjectName("org.jtgt:type=Server,name=beans")));
        assertTrue(mbs.isRegistered(new ObjectName("org.jtgt:type=WorkerPool,server=beans")));
        assertEquals(2, names("org.jtgt:type=Worker,server=beans,*").size());
        assertTrue(mbs.isRegistered(new ObjectName("org.jtgt:type=Target,server=beans,name=\"" + TARGET + "\"")));
        ObjectName lun = new ObjectName("org.jtgt:type=LogicalUnit,server=beans,target=\"" + TARGET + "\",name=0");
        assertTrue(mbs.isRegistered(lun));
        assertEquals(8L << 20, mbs.getAttribute(lun, "Capacity"));
        assertEquals("disk", mbs.getAttribute(lun, "DeviceType"));
        assertEquals(1, names("org.jtgt:type=Portal,server=beans,*").size());
        assertArrayEquals(new String[] {TARGET}, (String[]) mbs.getAttribute(new ObjectName("org.jtgt:type=Server,name=beans"), "Targets"));
    }

    @Test
    void sessionsAndConnectionsComeAndGo() throws Exception {
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:watcher", TARGET, Map.of("HeaderDigest", "CRC32C,None")));
            ObjectName lun = new ObjectName("org.jtgt:type=LogicalUnit,server=beans,target=\"" + TARGET + "\",name=0");
            long loginCommands = (Long) mbs.getAttribute(lun, "Commands");    // the login's TEST UNIT READYs
            ini.command(0, TestCdbs.write10(0, 8), 4096, new byte[4096], false);
            ini.command(0, TestCdbs.read10(0, 8), 4096, null, true);
            Set<ObjectName> sessions = names("org.jtgt:type=Session,server=beans,*");
            assertEquals(1, sessions.size());
            ObjectName session = sessions.iterator().next();
            assertEquals("iqn.2026-11.org.jtgt.test:watcher", mbs.getAttribute(session, "Initiator"));
            assertEquals(TARGET, mbs.getAttribute(session, "Target"));
            assertEquals(0, mbs.getAttribute(session, "OutstandingCommands"));
            TabularData params = (TabularData) mbs.getAttribute(session, "Parameters");
            assertEquals("CRC32C", params.get(new Object[] {"HeaderDigest"}).get("value"));
            String id = (String) mbs.getAttribute(session, "Id");
            ObjectName connection = new ObjectName("org.jtgt:type=Connection,server=beans,session=" + id + ",name=0");
            assertTrue(mbs.isRegistered(connection), connection + " among " + names("org.jtgt:type=Connection,*"));
            assertTrue((Long) mbs.getAttribute(connection, "PdusIn") >= 3);
            assertEquals(true, mbs.getAttribute(connection, "HeaderDigest"));
            assertEquals(loginCommands + 2, mbs.getAttribute(lun, "Commands"));
            assertEquals(4096L, mbs.getAttribute(lun, "BytesRead"));
            assertTrue((Double) mbs.getAttribute(lun, "LatencyP99Micros") > 0);
            assertEquals(0, ini.logout());
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!names("org.jtgt:type=Session,*").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(names("org.jtgt:type=Session,*").isEmpty());
        assertTrue(names("org.jtgt:type=Connection,*").isEmpty());
        ObjectName srv = new ObjectName("org.jtgt:type=Server,name=beans");
        assertEquals(0L, mbs.getAttribute(srv, "BufferBytesInUse"), "the commands gave their buffers back");
        assertTrue((Long) mbs.getAttribute(srv, "BufferBytesIdle") >= 4096, "and the pool kept them for reuse");
    }

    @Test
    void aLunIsMadeReadOnlyThroughItsBean() throws Exception {
        ObjectName lun = new ObjectName("org.jtgt:type=LogicalUnit,server=beans,target=\"" + TARGET + "\",name=0");
        assertEquals(false, mbs.getAttribute(lun, "ReadOnly"));
        mbs.setAttribute(lun, new Attribute("ReadOnly", true));
        assertEquals(true, mbs.getAttribute(lun, "ReadOnly"));
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:ro", TARGET, Map.of()));
            assertEquals(0x07, ini.command(0, TestCdbs.write10(0, 1), 512, new byte[512], false).senseKey(), "DATA PROTECT");
            mbs.setAttribute(lun, new Attribute("ReadOnly", false));
            assertEquals(0x06, ini.command(0, TestCdbs.testUnitReady(), 0, null, false).senseKey(), "MODE PARAMETERS CHANGED");
            assertEquals(0, ini.command(0, TestCdbs.write10(0, 1), 512, new byte[512], false).status(), "writable again");
        }
    }

    @Test
    void threadCountIsWritableAndWorkersFollow() throws Exception {
        ObjectName pool = new ObjectName("org.jtgt:type=WorkerPool,server=beans");
        mbs.setAttribute(pool, new Attribute("ThreadCount", 4));
        assertEquals(4, mbs.getAttribute(pool, "ThreadCount"));
        assertEquals(4, names("org.jtgt:type=Worker,server=beans,*").size());
        mbs.invoke(pool, "resize", new Object[] {1}, new String[] {"int"});
        assertEquals(1, names("org.jtgt:type=Worker,server=beans,*").size());
        assertEquals(1, ((int[]) mbs.getAttribute(pool, "ConnectionsPerWorker")).length);
    }

    @Test
    void operationsAddAndRemoveLunsAndTargets() throws Exception {
        ObjectName srv = new ObjectName("org.jtgt:type=Server,name=beans");
        String url = (String) mbs.invoke(srv, "addLun", new Object[] {TARGET, 2, "memory:1M"},
                new String[] {"java.lang.String", "int", "java.lang.String"});
        assertTrue(url.endsWith("/2"), url);
        assertTrue(mbs.isRegistered(new ObjectName("org.jtgt:type=LogicalUnit,server=beans,target=\"" + TARGET + "\",name=2")));
        mbs.invoke(srv, "removeLun", new Object[] {TARGET, 2}, new String[] {"java.lang.String", "int"});
        assertFalse(mbs.isRegistered(new ObjectName("org.jtgt:type=LogicalUnit,server=beans,target=\"" + TARGET + "\",name=2")));
        mbs.invoke(srv, "addTarget", new Object[] {"iqn.2026-11.org.jtgt.test:more", ""}, new String[] {"java.lang.String", "java.lang.String"});
        assertTrue(mbs.isRegistered(new ObjectName("org.jtgt:type=Target,server=beans,name=\"iqn.2026-11.org.jtgt.test:more\"")));
        Exception e = assertThrows(Exception.class, () -> mbs.invoke(srv, "addLun", new Object[] {TARGET, 3, "bogus:1M"},
                new String[] {"java.lang.String", "int", "java.lang.String"}));
        assertTrue(String.valueOf(e.getCause()).contains("bogus"), String.valueOf(e.getCause()));
    }

    @Test
    void chapAccountsAreWriteOnlyAndAllowRulesReadWrite() throws Exception {
        ObjectName target = new ObjectName("org.jtgt:type=Target,server=beans,name=\"" + TARGET + "\"");
        mbs.setAttribute(target, new Attribute("ChapAccount", "alice:alice-secret-123"));
        assertArrayEquals(new String[] {"alice"}, (String[]) mbs.getAttribute(target, "ChapUsers"));
        javax.management.MBeanAttributeInfo info = java.util.Arrays.stream(mbs.getMBeanInfo(target).getAttributes())
                .filter(a -> a.getName().equals("ChapAccount")).findFirst().orElseThrow();
        assertFalse(info.isReadable(), "a secret cannot be read back");
        assertThrows(Exception.class, () -> mbs.getAttribute(target, "ChapAccount"));
        assertTrue(server.targets().find(TARGET).access().requiresChap());
        try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
            assertEquals(0x0201, ini.login("iqn.2026-11.org.jtgt.test:nochap", TARGET, Map.of()), "now CHAP is required");
        }
        mbs.setAttribute(target, new Attribute("AllowRules", new String[] {"iqn.1994-05.com.example:*"}));
        assertArrayEquals(new String[] {"iqn.1994-05.com.example:*"}, (String[]) mbs.getAttribute(target, "AllowRules"));
        Exception bad = assertThrows(Exception.class, () -> mbs.setAttribute(target, new Attribute("AllowRules", new String[] {"bogus"})));
        assertTrue(String.valueOf(bad.getCause()).contains("bogus"), String.valueOf(bad.getCause()));
        assertArrayEquals(new String[] {"iqn.1994-05.com.example:*"}, (String[]) mbs.getAttribute(target, "AllowRules"),
                "a failed change changes nothing");
        mbs.invoke(target, "removeChapAccount", new Object[] {"alice"}, new String[] {"java.lang.String"});
        assertFalse(server.targets().find(TARGET).access().requiresChap());
    }

    @Test
    void twoServersLiveSideBySideAndNamesAreUnique() throws Exception {
        try (JtgtServer other = JtgtServer.builder().name("other").target(TARGET, t -> t.lun(0, "memory:1M")).start()) {
            JtgtMBeans beans = JtgtMBeans.register(other, mbs);
            assertEquals(1, names("org.jtgt:type=Server,name=other").size());
            assertEquals(2, names("org.jtgt:type=Target,*").size());
            assertThrows(IllegalStateException.class, () -> JtgtMBeans.register(other, mbs));
            beans.close();
            assertTrue(names("org.jtgt:*,server=other").isEmpty());
        }
        assertEquals(1, names("org.jtgt:type=Server,*").size());
    }

    @Test
    void stoppingTheServerUnregistersEverything() throws Exception {
        server.close();
        assertTrue(names("org.jtgt:*").isEmpty(), names("org.jtgt:*").toString());
    }
}
