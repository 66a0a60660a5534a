package io.smsgate.inbound;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.log.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InboundSmsFunction: the two-way SMS payloads End User Messaging publishes to InboundSmsTopic.
 * Thin: unwrap each SNS record and hand it to {@link InboundSmsService}.
 */
public final class InboundSmsHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(InboundSmsHandler.class);

    private final InboundSmsService service;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public InboundSmsHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public InboundSmsHandler(Environment environment) {
        this(InboundSmsWiring.service(environment));
    }

    InboundSmsHandler(InboundSmsService service) {
        this.service = service;
    }

    /** The SNS event's bytes, read here (unreadable bytes are a logged rejection); nothing is written back. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            for (SnsEvent.Notification sns : LambdaEvents.notifications(input, LOG, "inbound SMS")) {
                service.handle(new InboundDelivery(sns.messageId(), sns.message(), sns.publishedAt()));
            }
        }
    }
}
