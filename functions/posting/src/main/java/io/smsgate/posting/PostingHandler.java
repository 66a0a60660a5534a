package io.smsgate.posting;

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
 * PostingFunction: approved POST and UNDO commands from ApprovedCommandsTopic (the subscription's
 * filter policy lets only those two through). Thin: unwrap each SNS record and hand its message to
 * {@link PostingService}.
 */
public final class PostingHandler implements RequestStreamHandler {
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

    /** The SNS event's bytes, read here (unreadable bytes are a logged rejection); nothing is written back. */
    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            for (SnsEvent.Notification sns : LambdaEvents.notifications(input, LOG, "approved command")) {
                service.handle(sns.message(), sns.messageId());
            }
        }
    }
}
