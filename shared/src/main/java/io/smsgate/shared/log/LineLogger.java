package io.smsgate.shared.log;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * One named logger: its level fixed when it is made (the configuration is read once), so every
 * {@code isXxxEnabled} is one comparison and a disabled call formats nothing. SLF4J's {@link AbstractLogger}
 * applies its own rules first (a last argument that is a {@link Throwable} and has no {@code {}} left is
 * the throwable of the call); the message is formatted by SLF4J's {@link MessageFormatter}.
 */
final class LineLogger extends AbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient LineWriter writer;
    private final transient ThreadMdc context;
    private final int threshold;

    LineLogger(String name, Level level, LineWriter writer, ThreadMdc context) {
        this.name = name;
        this.threshold = level.toInt();
        this.writer = writer;
        this.context = context;
    }

    private boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    @Override
    public boolean isTraceEnabled() {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return enabled(Level.ERROR);
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments, Throwable thrown) {
        String message = arguments == null || arguments.length == 0 ? String.valueOf(pattern) : MessageFormatter.basicArrayFormat(pattern, arguments);
        writer.write(new LogEvent(System.currentTimeMillis(), level, name, message, context.snapshot(), thrown));
    }
}
