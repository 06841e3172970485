package org.jtgt.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.jtgt.testing.TestCdbs;
import org.jtgt.testing.TestInitiator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the engine logs: logins, logouts and resizes once, at INFO; nothing per PDU above DEBUG. */
class LoggingTest {

    private static final String TARGET = "iqn.2026-11.org.jtgt.test:logging";

    /** Collects every event at INFO or above from org.jtgt. */
    private static final class Capture extends AbstractAppender {
        final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());

        Capture() {
            super("capture", null, null, true, Property.EMPTY_ARRAY);
        }

        @Override
        public void append(LogEvent event) {
            if (event.getLevel().isMoreSpecificThan(Level.INFO) && event.getLoggerName().startsWith("org.jtgt")) {
                events.add(event.toImmutable());
            }
        }

        long count(String fragment) {
            synchronized (events) {
                return events.stream().filter(e -> e.getMessage().getFormattedMessage().contains(fragment)).count();
            }
        }
    }

    private final Capture capture = new Capture();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private Level previous;

    @BeforeEach
    void attach() {
        capture.start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previous = root.getLevel();
        root.setLevel(Level.INFO);
        root.addAppender(capture, Level.INFO, null);
        context.updateLoggers();
    }

    @AfterEach
    void detach() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(capture.getName());
        root.setLevel(previous);
        context.updateLoggers();
        capture.stop();
    }

    @Test
    void eventsOnceAndNothingPerCommand() throws Exception {
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
        assertEquals(1, capture.count("login complete"), capture.events.toString());
        assertEquals(1, capture.count("ended: logout"), capture.events.toString());
        assertEquals(1, capture.count("resized from 2 to 3"), capture.events.toString());
        assertTrue(capture.events.size() <= 8, "a handful of lines for 1001 commands: " + capture.events.size() + " "
                + capture.events.stream().map(e -> e.getMessage().getFormattedMessage()).toList());
    }
}
