package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.lambda.LambdaEvents;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.smsgate.shared.log.LogContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VerificationApiFunction: the HTTP API (payload format 2.0, IAM-authenticated) the network's backend
 * calls to start and check verifications and to change an account's SMS settings. Thin: turn the event
 * into an {@link ApiRequest}, let {@link VerificationApi} answer. A fault becomes a bare 500 with a
 * reason code; what went wrong is in the log, never in the answer. Bytes that are not an HTTP API
 * event (API Gateway never sends such) are a logged rejection, answered as a request for no route.
 */
public final class VerificationApiHandler implements RequestStreamHandler {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationApiHandler.class);

    private final VerificationApi api;

    /** Lambda's entry: wiring from the process environment, once per execution environment. */
    public VerificationApiHandler() {
        this(Environment.system());
    }

    /** The same wiring from given variables (the local runner and tests resolve them from template.yaml). */
    public VerificationApiHandler(Environment environment) {
        this(TwoFactorWiring.verificationApi(environment));
    }

    VerificationApiHandler(VerificationApi api) {
        this.api = api;
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        try (LogContext ignored = LogContext.request(context)) {
            HttpApiRequest event = LambdaEvents.read(input, HttpApiRequest.class, LOG, "API request").orElse(null);
            LambdaEvents.write(output, handle(event));
        }
    }

    private HttpApiResponse handle(HttpApiRequest event) {
        ApiResponse response;
        try {
            response = api.handle(request(event));
        } catch (RuntimeException e) {
            // The exception's message is not logged: an SDK error can quote the request it failed on.
            LOG.error("API request failed: reason=INTERNAL_ERROR error={}", e.getClass().getName());
            response = ApiResponse.refused(ApiRejection.INTERNAL_ERROR, null, null);
        }
        return new HttpApiResponse(response.status(), response.headers(), response.body(), false);
    }

    static ApiRequest request(HttpApiRequest event) {
        if (event == null) {
            return new ApiRequest(null, null, null, null, null);
        }
        String body = event.body();
        if (body != null && Boolean.TRUE.equals(event.base64Encoded())) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = null;
            }
        }
        return new ApiRequest(event.method(), event.path(), event.routeKey(), event.pathParameters(), body);
    }
}
