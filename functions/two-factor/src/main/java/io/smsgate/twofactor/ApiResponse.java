package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An HTTP answer. Every answer has the same headers ({@code Content-Type}, {@code Cache-Control:
 * no-store}), plus {@code Retry-After} on a 429; bodies are small JSON objects with fields in a fixed order.
 */
record ApiResponse(int status, Map<String, String> headers, String body) {
    static ApiResponse json(int status, ObjectNode body) {
        return new ApiResponse(status, baseHeaders(), body.toString());
    }

    static ApiResponse refused(ApiRejection reason, String field, Duration retryAfter) {
        ObjectNode body = Json.mapper().createObjectNode().put("reason", reason.name());
        if (field != null) {
            body.put("field", field);
        }
        Map<String, String> headers = baseHeaders();
        if (retryAfter != null) {
            headers.put("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000)));
        }
        return new ApiResponse(reason.status(), headers, body.toString());
    }

    private static Map<String, String> baseHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("Cache-Control", "no-store");
        return headers;
    }
}
