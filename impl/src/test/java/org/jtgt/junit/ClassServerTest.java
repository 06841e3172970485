package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jtgt.iscsi.ServedTarget;
import org.jtgt.server.JtgtServer;
import org.jtgt.testing.RealInitiators;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension in a static field: one server for the class and its nested classes, a target
 * of its own for every test, driven by real initiators.
 */
class ClassServerTest {

    @RegisterExtension
    static JtgtExtension jtgt = JtgtExtension.builder().threads(2).lun(0, "memory:64M").lun(1, "memory:16M").build();

    /** The server the first test of this class saw. */
    private static final AtomicReference<JtgtServer> FIRST = new AtomicReference<>();
    private static int portBeforeAll;

    @BeforeAll
    static void rememberThePort(JtgtServer server) {
        portBeforeAll = server.port();
    }

    private String targetInBeforeEach;

    @BeforeEach
    void seeTheTargetBeforeTheTest(TestTarget target) {
        targetInBeforeEach = target.iqn();
    }

    @RepeatedTest(3)
    void everyTestOfTheClassHasTheSameServerAndOnlyItsOwnTargetOnIt(JtgtServer server, TestTarget target) {
        FIRST.compareAndSet(null, server);
        assertSame(FIRST.get(), server, "one server for the class");
        assertEquals(portBeforeAll, server.port(), "the port it had before all tests");
        assertSame(server, target.server());
        assertEquals(server.port(), target.port());
        assertEquals(List.of(target.iqn()), server.targets().all().stream().map(ServedTarget::name).toList(),
                "the targets of earlier tests were removed");
        assertEquals(targetInBeforeEach, target.iqn(), "@BeforeEach saw the same target");
    }

    @RepeatedTest(2)
    void everyTestStartsWithZeroedDisksOfItsOwn(@LunUrl(0) String disk, @LunUrl(1) String second) {
        QemuIo.run(disk, "read -P 0 0 4M", "write -P 0xab 0 4M", "read -P 0xab 0 4M");
        QemuIo.run(second, "read -P 0 0 1M", "write -P 0xcd 0 1M");
    }

    @Test
    void theTargetIsNamedAfterTheTestAndItsUrlsReachItsLuns(TestTarget target, @LunUrl(1) String second) {
        String iqn = target.iqn();
        assertTrue(iqn.matches("iqn\\.2026-11\\.org\\.jtgt\\.junit:classservertest-"
                + "thetargetisnamedafterthetestanditsurlsreachitsluns-\\d+"), iqn);
        assertEquals("iscsi://127.0.0.1:" + target.port() + "/" + iqn + "/1", second);
        String capacity = RealInitiators.run(Duration.ofSeconds(60), "iscsi-readcapacity16", second).ok().output();
        assertTrue(capacity.contains("Total size:" + (16 << 20)), capacity);
        String inquiry = RealInitiators.run(Duration.ofSeconds(60), "iscsi-inq", target.url(0)).ok().output();
        assertTrue(inquiry.contains("Peripheral Device Type"), inquiry);
    }

    /** A nested class shares the enclosing class's server. */
    @Nested
    class Inner {

        @Test
        void sharesTheServer(JtgtServer server, TestTarget target) {
            assertEquals(portBeforeAll, server.port());
            assertTrue(target.iqn().startsWith("iqn.2026-11.org.jtgt.junit:inner-sharestheserver-"), target.iqn());
            QemuIo.run(target.url(0), "read -P 0 0 1M");
        }
    }
}
