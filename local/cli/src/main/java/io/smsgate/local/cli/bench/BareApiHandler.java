package io.smsgate.local.cli.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.lambda.LambdaEvents;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The baseline for an HTTP API function's cold start: it reads the same event as the real handler does and answers 204. */
public final class BareApiHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(BareApiHandler.class);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        LambdaEvents.read(input, HttpApiRequest.class, LOG, "bare event");
        LambdaEvents.write(output, new HttpApiResponse(204, Map.of(), null, false));
    }
}
