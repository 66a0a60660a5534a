package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.smsgate.shared.config.Environment;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import io.smsgate.shared.log.LogContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * VerificationApiFunction: the HTTP API (payload format 2.0, IAM-authenticated) the network's backend
 * calls to start and check verifications and to change an account's SMS settings. Thin: turn the event
 * into an {@link ApiRequest}, let {@link VerificationApi} answer. A fault becomes a bare 500 with a
 * reason code; what went wrong is in the log, never in the answer.
 */
public final class VerificationApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
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
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try (LogContext ignored = LogContext.request(context)) {
            return handle(event, context);
        }
    }

    private APIGatewayV2HTTPResponse handle(APIGatewayV2HTTPEvent event, Context context) {
        ApiResponse response;
        try {
            response = api.handle(request(event));
        } catch (RuntimeException e) {
            // The exception's message is not logged: an SDK error can quote the request it failed on.
            LOG.error("API request failed: reason=INTERNAL_ERROR error={}", e.getClass().getName());
            response = ApiResponse.refused(ApiRejection.INTERNAL_ERROR, null, null);
        }
        return APIGatewayV2HTTPResponse.builder()
                .withStatusCode(response.status())
                .withHeaders(response.headers())
                .withBody(response.body())
                .withIsBase64Encoded(false)
                .build();
    }

    static ApiRequest request(APIGatewayV2HTTPEvent event) {
        if (event == null) {
            return new ApiRequest(null, null, null, null, null);
        }
        String method = event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getMethod() : null;
        String path = event.getRawPath() != null ? event.getRawPath()
                : event.getRequestContext() != null && event.getRequestContext().getHttp() != null
                ? event.getRequestContext().getHttp().getPath() : null;
        String body = event.getBody();
        if (body != null && event.getIsBase64Encoded()) {
            try {
                body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                body = null;
            }
        }
        return new ApiRequest(method, path, event.getRouteKey(), event.getPathParameters(), body);
    }
}
