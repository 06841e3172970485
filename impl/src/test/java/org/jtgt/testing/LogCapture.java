package org.jtgt.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Collects what jtgt logs at a level and above while open, for tests about logging. Attaches to
 * the root logger configuration and restores its level on close.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<LogEvent> events = Collections.synchronizedList(new ArrayList<>());
    private final Level threshold;
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final Level previous;

    public LogCapture(Level threshold) {
        super("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY);
        this.threshold = threshold;
        start();
        LoggerConfig root = context.getConfiguration().getRootLogger();
        previous = root.getLevel();
        root.setLevel(threshold);
        root.addAppender(this, threshold, null);
        context.updateLoggers();
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLevel().isMoreSpecificThan(threshold) && event.getLoggerName().startsWith("org.jtgt")) {
            events.add(event.toImmutable());
        }
    }

    /** The formatted messages so far, with the text of any exceptions. */
    public List<String> messages() {
        synchronized (events) {
            return events.stream().map(e -> e.getMessage().getFormattedMessage()
                    + (e.getThrown() != null ? " " + e.getThrown() : "")).toList();
        }
    }

    /** How many messages contain {@code fragment}. */
    public long count(String fragment) {
        return messages().stream().filter(m -> m.contains(fragment)).count();
    }

    @Override
    public void close() {
        LoggerConfig root = context.getConfiguration().getRootLogger();
        root.removeAppender(getName());
        root.setLevel(previous);
        context.updateLoggers();
        stop();
    }
}
