package io.smsgate.inbound;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.smsgate.shared.config.Environment;
import java.time.Instant;
import io.smsgate.shared.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * InboundSmsFunction: the two-way SMS payloads End User Messaging publishes to InboundSmsTopic.
 * Thin: unwrap each SNS record and hand it to {@link InboundSmsService}.
 */
public final class InboundSmsHandler implements RequestHandler<SNSEvent, Void> {
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

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        try (LogContext ignored = LogContext.request(context)) {
            return handle(event, context);
        }
    }

    private Void handle(SNSEvent event, Context context) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            LOG.warn("inbound SMS rejected: reason=EMPTY_EVENT detail=no SNS records");
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns == null) {
                LOG.warn("inbound SMS rejected: reason=EMPTY_EVENT detail=record without Sns");
                continue;
            }
            Instant published = sns.getTimestamp() == null ? null : Instant.ofEpochMilli(sns.getTimestamp().getMillis());
            service.handle(new InboundDelivery(sns.getMessageId(), sns.getMessage(), published));
        }
        return null;
    }
}
