package io.smsgate.policy;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * CountryPolicyFunction: the commands InboundSmsFunction publishes to CommandsTopic. Thin: unwrap each
 * SNS record and hand it to {@link CountryPolicyService}. A fault (the policy table unreadable, a
 * topic away) propagates, so Lambda retries the event and then sends it to the dead-letter queue.
 */
public final class CountryPolicyHandler implements RequestHandler<SNSEvent, Void> {
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

    @Override
    public Void handleRequest(SNSEvent event, Context context) {
        try (LogContext ignored = LogContext.request(context)) {
            return handle(event, context);
        }
    }

    private Void handle(SNSEvent event, Context context) {
        if (event == null || event.getRecords() == null || event.getRecords().isEmpty()) {
            LOG.warn("command rejected: reason=EMPTY_EVENT detail=no SNS records");
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns == null) {
                LOG.warn("command rejected: reason=EMPTY_EVENT detail=record without Sns");
                continue;
            }
            service.handle(new CommandDelivery(sns.getMessageId(), sns.getMessage()));
        }
        return null;
    }
}
