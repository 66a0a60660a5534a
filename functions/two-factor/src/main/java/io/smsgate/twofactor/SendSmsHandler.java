package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.smsgate.shared.config.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SendSmsFunction: the requests published to OutboundSmsTopic (kind CODE or TEXT). The only function
 * allowed to send SMS. Thin: unwrap each SNS record and hand it to {@link SendSmsService}.
 */
public final class SendSmsHandler implements RequestHandler<SNSEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(SendSmsHandler.class);

    private final SendSmsService service;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public SendSmsHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public SendSmsHandler(Environment environment) {
        this(TwoFactorWiring.sendSmsService(environment));
    }

    SendSmsHandler(SendSmsService service) {
        this.service = service;
    }

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=no SNS records");
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns == null) {
                LOG.warn("outbound request rejected: reason=EMPTY_EVENT detail=record without Sns");
                continue;
            }
            service.handle(new SendSmsService.Delivery(sns.getMessageId(), sns.getMessage()));
        }
        return null;
    }
}
