package io.smsgate.shared.log;

import java.util.Map;
import org.slf4j.event.Level;

/**
 * One log call, its message already formatted, with the logging context (MDC) as it was: a copy no one
 * changes (a value may be null, so it is not {@code Map.copyOf}).
 */
record LogEvent(long epochMillis, Level level, String logger, String message, Map<String, String> context, Throwable thrown) {
    LogEvent {
        context = context == null ? Map.of() : context;
    }
}
