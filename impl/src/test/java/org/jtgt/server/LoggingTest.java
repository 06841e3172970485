package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.jtgt.testing.LogCapture;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.Test;

/** What the engine logs: logins, logouts and resizes once, at INFO; nothing per PDU above DEBUG. */
class LoggingTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:logging";

    @Test
    void eventsOnceAndNothingPerCommand() throws Exception {
        try (LogCapture capture = new LogCapture(Level.INFO)) {
            try (JtgtServer server = JtgtServer.builder().threads(2).shutdownGrace(Duration.ZERO)
                    .target(TARGET, t -> t.lun(0, "memory:4M")).start()) {
                try (TestInitiator ini = TestInitiator.connect(server.portals().get(0))) {
                    assertEquals(0, ini.login("iqn.2026-11.org.jtgt.test:logger", TARGET, Map.of()));
                    for (int i = 0; i < 500; i++) {
                        ini.command(0, TestCdbs.write10(i, 1), 512, new byte[512], false);
                        ini.command(0, TestCdbs.read10(i, 1), 512, null, true);
                    }
                    ini.command(0, TestCdbs.read10(1L << 30, 1), 512, null, true);   // an error, not a log line
                    server.resize(3);
                    assertEquals(0, ini.logout());
                }
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (capture.count("ended: logout") == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
            assertEquals(1, capture.count("login complete"), capture.messages().toString());
            assertEquals(1, capture.count("ended: logout"), capture.messages().toString());
            assertEquals(1, capture.count("resized from 2 to 3"), capture.messages().toString());
            assertTrue(capture.messages().size() <= 8, "a handful of lines for 1001 commands: " + capture.messages());
        }
    }
}
