package io.smsgate.shared.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * An API Gateway HTTP API request, payload format 2.0: {@code version}, {@code routeKey},
 * {@code rawPath}, {@code headers}, {@code pathParameters}, {@code requestContext.http.method} and
 * {@code .path}, {@code body}, {@code isBase64Encoded}. Only the fields smsgate reads (and the harness
 * writes); every other one is ignored.
 */
public record HttpApiRequest(String version,
                             String routeKey,
                             String rawPath,
                             Map<String, String> headers,
                             Map<String, String> pathParameters,
                             RequestContext requestContext,
                             String body,
                             @JsonProperty("isBase64Encoded") Boolean base64Encoded) {

    public record RequestContext(String requestId, String routeKey, String stage, Http http) {
    }

    public record Http(String method, String path) {
    }

    /** {@code requestContext.http.method}, or null. */
    public String method() {
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().method();
    }

    /** {@code rawPath}, else {@code requestContext.http.path}, or null. */
    public String path() {
        if (rawPath != null) {
            return rawPath;
        }
        return requestContext == null || requestContext.http() == null ? null : requestContext.http().path();
    }

    /** A request as API Gateway sends it for {@code method path} matched to {@code routeKey} (the harness and tests). */
    public static HttpApiRequest of(String method, String path, String routeKey, Map<String, String> pathParameters, String body,
                                    String requestId) {
        return new HttpApiRequest("2.0", routeKey, path, Map.of("content-type", "application/json"), pathParameters,
                new RequestContext(requestId, routeKey, "$default", new Http(method, path)), body, false);
    }
}
