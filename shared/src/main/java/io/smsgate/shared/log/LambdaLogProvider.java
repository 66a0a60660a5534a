package io.smsgate.shared.log;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * smsgate's SLF4J 2 binding (META-INF/services/org.slf4j.spi.SLF4JServiceProvider): every line through
 * Lambda's logger, JSON or text as the function's log format says ({@link LogConfig}, {@link LogLine}).
 * It replaced Log4j2, whose first log call cost a cold JVM 1.5–5 s by the machine's load (about 800 classes of
 * Log4j, the plugin cache, the configuration) and each function jar 2.3 MB (docs/cold-start.md). The logging context is
 * {@link ThreadMdc}, one per thread.
 */
public final class LambdaLogProvider implements SLF4JServiceProvider {
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final ThreadMdc mdc = new ThreadMdc();
    private ILoggerFactory loggers;

    @Override
    public void initialize() {
        loggers = new LineLoggerFactory(LogConfig.fromProcess(), mdc);
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggers;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }
}
