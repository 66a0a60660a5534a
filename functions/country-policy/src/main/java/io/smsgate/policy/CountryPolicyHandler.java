package io.smsgate.policy;

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
 * CountryPolicyFunction: the commands InboundSmsFunction publishes to CommandsTopic. Thin: unwrap each
 * SNS record and hand it to {@link CountryPolicyService}. A fault (the policy table unreadable, a
 * topic away) propagates, so Lambda retries the event and then sends it to the dead-letter queue.
 */
public final class CountryPolicyHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(CountryPolicyHandler.class);

    private final CountryPolicyService service;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public CountryPolicyHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public CountryPolicyHandler(Environment environment) {
        this(CountryPolicyWiring.service(environment));
    }

    CountryPolicyHandler(CountryPolicyService service) {
        this.service = service;
    }

    /** The SNS event's bytes, read here (unreadable bytes are a logged rejection); nothing is written back. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            for (SnsEvent.Notification sns : LambdaEvents.notifications(input, LOG, "command")) {
                service.handle(new CommandDelivery(sns.messageId(), sns.message()));
            }
        }
    }
}
