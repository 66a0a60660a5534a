package io.smsgate.shared.log;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;

/**
 * One {@link LineLogger} per name, each with its level from the configuration read at start.
 *
 * <p>It is also the way in for code that cannot name {@link LogSinks}: {@code apply(sink)} attaches a sink
 * and returns the handle that detaches it. The emulator's {@code LogCapture} uses it through
 * {@code LoggerFactory.getILoggerFactory()}, with JDK types only, because the emulator cannot depend on
 * this module (this module's tests depend on the emulator).
 */
final class LineLoggerFactory implements ILoggerFactory, Function<Consumer<String>, AutoCloseable> {
    private final LogConfig config;
    private final LineWriter writer;
    private final ThreadMdc context;
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    LineLoggerFactory(LogConfig config, ThreadMdc context) {
        this.config = config;
        this.writer = new LineWriter(config);
        this.context = context;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, key -> new LineLogger(key, config.levelOf(key), writer, context));
    }

    @Override
    public AutoCloseable apply(Consumer<String> sink) {
        return LogSinks.attach(sink);
    }
}
