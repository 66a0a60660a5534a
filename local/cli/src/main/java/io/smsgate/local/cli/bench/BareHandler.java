package io.smsgate.local.cli.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline for an SNS-triggered function's cold start: a stream handler of the same shape as the
 * real ones, which reads the event's bytes into the same records with the same reader (what the Lambda
 * runtime's serializer did for the bare handler before the handlers read their own events), then does
 * nothing.
 */
public final class BareHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BareHandler.class);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        for (SnsEvent.Notification sns : LambdaEvents.notifications(input, LOG, "bare event")) {
            sns.message();
        }
    }
}
