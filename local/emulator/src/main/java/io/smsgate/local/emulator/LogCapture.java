package io.smsgate.local.emulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Every log line written while it is open, rendered as the JSON line Lambda would store (timestamp,
 * level, message, logger, exception, and each logging-context entry as a field of its own), so tests can
 * assert what was logged and that no phone number, code or PIN ever was. Metrics lines are captured too
 * (their EMF document is the message).
 *
 * <p>It listens through smsgate's SLF4J provider (io.smsgate.shared.log): its logger factory attaches a
 * {@code Consumer<String>} and hands back the handle that detaches it. JDK types only, because this
 * module cannot depend on smsgate-shared.
 */
public final class LogCapture implements AutoCloseable {
    private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
    private final AutoCloseable detach;

    private LogCapture() {
        this.detach = sinks().apply(lines::add);
    }

    @SuppressWarnings("unchecked")
    private static Function<Consumer<String>, AutoCloseable> sinks() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof Function<?, ?> attach) {
            return (Function<Consumer<String>, AutoCloseable>) attach;
        }
        throw new IllegalStateException("LogCapture listens through smsgate's SLF4J provider (smsgate-shared on the class path); "
                + "SLF4J is bound to " + factory.getClass().getName());
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
        try {
            detach.close();
        } catch (Exception e) {
            throw new IllegalStateException("detaching the log capture failed", e);
        }
    }
}
