package io.smsgate.shared.log;

import org.slf4j.MDC;

/**
 * Puts the id a log line is about ({@code inboundMessageId}, {@code verificationId}) on every line
 * written inside the try block, through the logging context (a field of its own in Lambda's JSON logs).
 */
public final class LogContext implements AutoCloseable {
    public static final String INBOUND_MESSAGE_ID = "inboundMessageId";
    public static final String VERIFICATION_ID = "verificationId";
    /** Lambda's request id, as aws-lambda-java-log4j2 put it on every line: what CloudWatch Logs Insights correlates by. */
    public static final String AWS_REQUEST_ID = "AWSRequestId";

    private final String key;

    private LogContext(String key) {
        this.key = key;
    }

    public static LogContext put(String key, String value) {
        MDC.put(key, value == null ? "none" : value);
        return new LogContext(key);
    }

    /** The invocation's request id on every line the handler writes (absent outside Lambda's context: a direct call in a test). */
    public static LogContext request(com.amazonaws.services.lambda.runtime.Context context) {
        String id = context == null ? null : context.getAwsRequestId();
        if (id == null) {
            return new LogContext(AWS_REQUEST_ID);
        }
        return put(AWS_REQUEST_ID, id);
    }

    @Override
    public void close() {
        MDC.remove(key);
    }
}
