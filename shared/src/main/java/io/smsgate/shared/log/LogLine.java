package io.smsgate.shared.log;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.event.Level;

/**
 * The two shapes of a line, as the Log4j2 configuration wrote them before (aws-lambda-java-log4j2's
 * LambdaLayout.json and the PatternLayout of log4j2.xml):
 *
 * <ul>
 *   <li>JSON: {@code timestamp} (UTC, milliseconds), {@code level}, {@code message}, {@code logger}, then for a
 *       throwable {@code errorType} (its class), {@code errorMessage} and {@code stackTrace} (its frames as
 *       {@code {class, method, file, line}} objects, or, for the capture, the printed trace as one string),
 *       then every logging-context (MDC) entry as a field of its own, sorted by key. Written by Jackson's
 *       generator, which escapes quotes, backslashes and every control character, so any message is one
 *       valid JSON line.</li>
 *   <li>TEXT: {@code 2026-12-02T10:00:00.000Z INFO  InboundSmsHandler {inboundMessageId=…} - message}, then
 *       the stack trace, like {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}{UTC} %-5p %c{1} %X - %m%n}.</li>
 * </ul>
 */
final class LogLine {
    private static final JsonFactory JSON = new JsonFactory();
    /** A context entry with one of these names, or a name already written, would make a duplicate key: it is left out. */
    private static final Set<String> FIELDS = Set.of("timestamp", "level", "message", "logger", "errorType", "errorMessage", "stackTrace");

    private LogLine() {
    }

    static String json(LogEvent event, boolean stackTraceAsText) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("timestamp", timestamp(event.epochMillis()));
            json.writeStringField("level", event.level().name());
            json.writeStringField("message", wellFormed(event.message()));
            json.writeStringField("logger", wellFormed(event.logger()));
            Throwable thrown = event.thrown();
            if (thrown != null) {
                json.writeStringField("errorType", thrown.getClass().getName());
                json.writeStringField("errorMessage", wellFormed(thrown.getMessage()));
                if (stackTraceAsText) {
                    json.writeStringField("stackTrace", wellFormed(printed(thrown)));
                } else {
                    json.writeArrayFieldStart("stackTrace");
                    for (StackTraceElement frame : thrown.getStackTrace()) {
                        json.writeStartObject();
                        json.writeStringField("class", frame.getClassName());
                        json.writeStringField("method", frame.getMethodName());
                        json.writeStringField("file", frame.getFileName());
                        json.writeNumberField("line", frame.getLineNumber());
                        json.writeEndObject();
                    }
                    json.writeEndArray();
                }
            }
            Set<String> written = new HashSet<>(FIELDS);
            for (Map.Entry<String, String> entry : new TreeMap<>(event.context()).entrySet()) {
                String key = wellFormed(entry.getKey());
                if (written.add(key)) {
                    json.writeStringField(key, wellFormed(entry.getValue()));
                }
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a StringWriter does not fail", e);
        }
        return out.toString();
    }

    /**
     * The text with every lone surrogate as '?', which is what encoding it as UTF-8 would make of it anyway;
     * done before writing so that two context keys that differ only there cannot become one key twice.
     */
    static String wellFormed(String text) {
        if (text == null) {
            return null;
        }
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lone = Character.isHighSurrogate(c)
                    ? i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))
                    : Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(text.charAt(i - 1)));
            if (lone && fixed == null) {
                fixed = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (fixed != null) {
                fixed.append(lone ? '?' : c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    static String text(LogEvent event) {
        String logger = event.logger();
        StringBuilder line = new StringBuilder(128)
                .append(timestamp(event.epochMillis())).append(' ')
                .append(event.level().name()).append(event.level() == Level.INFO || event.level() == Level.WARN ? "  " : " ")
                .append(logger.substring(logger.lastIndexOf('.') + 1)).append(' ')
                .append(context(event.context())).append(" - ")
                .append(event.message()).append('\n');
        if (event.thrown() != null) {
            line.append(printed(event.thrown()));
        }
        return line.toString();
    }

    /** {@code {}} or {@code {k1=v1, k2=v2}}, sorted by key, as Log4j's {@code %X} printed the context. */
    private static String context(Map<String, String> context) {
        return new TreeMap<>(context).toString();
    }

    private static String printed(Throwable thrown) {
        StringWriter trace = new StringWriter();
        try (PrintWriter writer = new PrintWriter(trace)) {
            thrown.printStackTrace(writer);
        }
        return trace.toString();
    }

    /** {@code yyyy-MM-dd'T'HH:mm:ss.SSS'Z'} in UTC, without loading a formatter on the first line. */
    static String timestamp(long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
        StringBuilder out = new StringBuilder(24);
        pad(out, time.getYear(), 4).append('-');
        pad(out, time.getMonthValue(), 2).append('-');
        pad(out, time.getDayOfMonth(), 2).append('T');
        pad(out, time.getHour(), 2).append(':');
        pad(out, time.getMinute(), 2).append(':');
        pad(out, time.getSecond(), 2).append('.');
        pad(out, (int) Math.floorMod(epochMillis, 1000), 3).append('Z');
        return out.toString();
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String digits = Integer.toString(value);
        for (int i = digits.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(digits);
    }
}
