package io.smsgate.posting;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostingFunction: approved POST and UNDO commands from ApprovedCommandsTopic (the subscription's
 * filter policy lets only those two through). Thin: unwrap each SNS record and hand its message to
 * {@link PostingService}.
 */
public final class PostingHandler implements RequestHandler<SNSEvent, Void> {
    private static final Logger LOG = LoggerFactory.getLogger(PostingHandler.class);

    private final PostingService service;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public PostingHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public PostingHandler(Environment environment) {
        this(PostingWiring.service(environment));
    }

    PostingHandler(PostingService service) {
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
            LOG.warn("approved command rejected: reason=EMPTY_EVENT detail=no SNS records");
            return null;
        }
        for (SNSEvent.SNSRecord record : event.getRecords()) {
            SNSEvent.SNS sns = record.getSNS();
            if (sns == null) {
                LOG.warn("approved command rejected: reason=EMPTY_EVENT detail=record without Sns");
                continue;
            }
            service.handle(sns.getMessage(), sns.getMessageId());
        }
        return null;
    }
}
