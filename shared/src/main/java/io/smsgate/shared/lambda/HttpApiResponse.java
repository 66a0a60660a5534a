package io.smsgate.shared.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;

/**
 * A function's answer to an HTTP API request, payload format 2.0: {@code statusCode}, {@code headers},
 * {@code body}, {@code isBase64Encoded}. Always written with a status code, so API Gateway never takes
 * the whole answer for a body.
 */
public record HttpApiResponse(int statusCode, Map<String, String> headers, String body,
                              @JsonProperty("isBase64Encoded") boolean base64Encoded) {
    public HttpApiResponse {
        headers = headers == null ? Map.of() : headers;
    }
}
