package io.smsgate.shared.log;

import org.slf4j.MDC;

/**
 * Puts the id a log line is about ({@code inboundMessageId}, {@code verificationId}) on every line
 * written inside the try block, through the logging context (a field of its own in Lambda's JSON logs).
 */
public final class LogContext implements AutoCloseable {
    public static final String INBOUND_MESSAGE_ID = "inboundMessageId";
    public static final String VERIFICATION_ID = "verificationId";

    private final String key;

    private LogContext(String key) {
        this.key = key;
    }

    public static LogContext put(String key, String value) {
        MDC.put(key, value == null ? "none" : value);
        return new LogContext(key);
    }

    @Override
    public void close() {
        MDC.remove(key);
    }
}
