package io.smsgate.local.cli.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The baseline for a queue-fed function's cold start: it reads the SQS event's bytes as the real handler
 * does and answers a batch response with no failures.
 */
public final class BareQueueHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BareQueueHandler.class);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvents.read(input, SqsEvent.class, LOG, "bare event");
        LambdaEvents.write(output, new SqsBatchResponse(List.of()));
    }
}
