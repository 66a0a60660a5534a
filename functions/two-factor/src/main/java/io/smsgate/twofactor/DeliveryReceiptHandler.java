package io.smsgate.twofactor;

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
 * DeliveryReceiptFunction: End User Messaging's delivery events, from the configuration set's event
 * destination on DeliveryEventsTopic. Thin: unwrap each SNS record and hand it to {@link DeliveryReceiptService}.
 */
public final class DeliveryReceiptHandler implements RequestStreamHandler {
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

    /** The SNS event's bytes, read here (unreadable bytes are a logged rejection); nothing is written back. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            for (SnsEvent.Notification sns : LambdaEvents.notifications(input, LOG, "delivery event")) {
                service.handle(sns.messageId(), sns.message());
            }
        }
    }
}
