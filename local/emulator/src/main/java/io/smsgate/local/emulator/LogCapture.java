package io.smsgate.local.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;

/**
 * Every log line written while it is open, rendered as the JSON line Lambda would store (message,
 * logging context, exception), so tests can assert what was logged and that no phone number, code or
 * PIN ever was. Attaches to every configured logger, metrics included.
 */
public final class LogCapture implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final Appender appender;
    private final LoggerContext context;
    private final List<LoggerConfig> attachedTo = new ArrayList<>();

    private LogCapture() {
        this.context = (LoggerContext) LogManager.getContext(false);
        Configuration config = context.getConfiguration();
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder()
                .setConfiguration(config)
                .setEventTemplateUri("classpath:CaptureLayout.json")
                .build();
        this.appender = new AbstractAppender("capture-" + COUNTER.incrementAndGet(), null, layout, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(layout.toSerializable(event).strip());
            }
        };
        appender.start();
        config.addAppender(appender);
        // The root, and every logger that does not pass its events on to the root (metrics, say).
        List<LoggerConfig> loggers = new ArrayList<>(config.getLoggers().values().stream()
                .filter(logger -> !logger.isAdditive()).toList());
        loggers.add(config.getRootLogger());
        for (LoggerConfig logger : loggers.stream().distinct().toList()) {
            logger.addAppender(appender, null, null);
            attachedTo.add(logger);
        }
        context.updateLoggers();
    }

    public static LogCapture start() {
        return new LogCapture();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** How many lines so far. */
    public int size() {
        return lines.size();
    }

    /** The lines from index {@code from} on (what was logged since {@link #size()} said {@code from}). */
    public List<String> linesFrom(int from) {
        synchronized (lines) {
            return List.copyOf(lines.subList(Math.min(from, lines.size()), lines.size()));
        }
    }

    /** The whole capture as one string, for "never appears anywhere" assertions. */
    public String all() {
        return String.join("\n", lines());
    }

    public void clear() {
        lines.clear();
    }

    @Override
    public void close() {
        for (LoggerConfig logger : attachedTo) {
            logger.removeAppender(appender.getName());
        }
        context.getConfiguration().getAppenders().remove(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
