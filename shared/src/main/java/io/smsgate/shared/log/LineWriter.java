package io.smsgate.shared.log;

import com.amazonaws.services.lambda.runtime.LambdaRuntime;
import com.amazonaws.services.lambda.runtime.logging.LogLevel;
import java.nio.charset.StandardCharsets;

/**
 * Writes each event as one line through Lambda's logger, the way aws-lambda-java-log4j2's LambdaAppender
 * did: {@code LambdaRuntime.getLogger().log(bytes, level)}. The runtime interface client frames a
 * {@code byte[]} line as it is, with its level, and never wraps it (AbstractLambdaLogger: no formatting for
 * byte[] messages); it only drops it below the function's application log level. Outside Lambda that
 * logger is standard output.
 *
 * <p>LambdaAppender also called {@code LambdaRuntimeInternal.setUseLog4jAppender(true)}. In the runtime
 * interface client that flag does one thing: on every invocation the runtime puts {@code AWSRequestId}
 * into Log4j's {@code ThreadContext} (or Log4j 1's {@code MDC}) by reflection, and when neither class
 * loads it prints "Customer using log4j appender but unable to load either ..." to standard error, on
 * every invocation. With no Log4j in the jar the flag would only produce that complaint, so it stays
 * false; what it gave, the request id on each line, each handler now puts in the logging context itself
 * ({@code LogContext.request}).
 *
 * <p>The metrics logger's lines (CloudWatch embedded metric format) go out verbatim: the message and a
 * newline, nothing around it.
 */
final class LineWriter {
    private final LogConfig config;

    LineWriter(LogConfig config) {
        this.config = config;
    }

    void write(LogEvent event) {
        if (config.direct()) {
            String line = LogConfig.METRICS_LOGGER.equals(event.logger()) ? event.message() + "\n"
                    : config.json() ? LogLine.json(event, false) + "\n"
                    : LogLine.text(event);
            // Read each time (one volatile field): the runtime installs its logger before it loads the handler.
            LambdaRuntime.getLogger().log(line.getBytes(StandardCharsets.UTF_8), lambdaLevel(event));
        }
        LogSinks.accept(event);
    }

    private static LogLevel lambdaLevel(LogEvent event) {
        return switch (event.level()) {
            case TRACE -> LogLevel.TRACE;
            case DEBUG -> LogLevel.DEBUG;
            case INFO -> LogLevel.INFO;
            case WARN -> LogLevel.WARN;
            case ERROR -> LogLevel.ERROR;
        };
    }
}
