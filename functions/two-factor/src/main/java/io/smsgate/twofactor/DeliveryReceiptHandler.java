package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DeliveryReceiptFunction: End User Messaging's delivery events, from the configuration set's event
 * destination on DeliveryEventsTopic. Thin: unwrap each SNS record and hand it to {@link DeliveryReceiptService}.
 */
public final class DeliveryReceiptHandler implements RequestHandler<SNSEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryReceiptHandler.class);

    private final DeliveryReceiptService service;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public DeliveryReceiptHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public DeliveryReceiptHandler(Environment environment) {
        this(TwoFactorWiring.deliveryReceiptService(environment));
    }

    DeliveryReceiptHandler(DeliveryReceiptService service) {
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
            LOG.warn("delivery event rejected: reason=EMPTY_EVENT detail=no SNS records");
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns == null) {
                LOG.warn("delivery event rejected: reason=EMPTY_EVENT detail=record without Sns");
                continue;
            }
            service.handle(sns.getMessageId(), sns.getMessage());
        }
        return null;
    }
}
