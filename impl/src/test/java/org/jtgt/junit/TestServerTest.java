package org.jtgt.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jtgt.server.JtgtServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension in an instance field: a server of its own for every test, closed after it. */
class TestServerTest {

    /** Every server a test of this class saw, in order. */
    private static final List<JtgtServer> SEEN = new CopyOnWriteArrayList<>();

    @RegisterExtension
    JtgtExtension jtgt = JtgtExtension.builder().threads(1).lun(0, "memory:8M").build();

    private JtgtServer serverInBeforeEach;

    @BeforeEach
    void seeTheServerBeforeTheTest(JtgtServer server) {
        serverInBeforeEach = server;
    }

    @RepeatedTest(3)
    void everyTestHasANewServerAndTheLastOneIsClosed(JtgtServer server, TestTarget target, @LunUrl String disk) {
        assertSame(serverInBeforeEach, server, "@BeforeEach and the test see one server");
        assertFalse(SEEN.contains(server), "a new server for every test");
        for (JtgtServer earlier : SEEN) {
            assertTrue(earlier.portals().isEmpty(), "the server of an earlier test was closed");
        }
        SEEN.add(server);
        assertSame(server, target.server());
        assertEquals(server.port(), target.port(), "the target is served on the new server's port");
        assertTrue(disk.startsWith("iscsi://127.0.0.1:" + server.port() + "/"), disk);
        assertEquals(1, server.targets().all().size(), "the test's own target only");
        QemuIo.run(disk, "read -P 0 0 1M", "write -P 0x5a 0 1M", "read -P 0x5a 0 1M");
    }
}
