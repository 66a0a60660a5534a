package io.smsgate.twofactor;

import java.util.Map;

/** An HTTP request as the API sees it: {@code routeKey} as API Gateway matched it (may be null locally), the body decoded. */
record ApiRequest(String method, String path, String routeKey, Map<String, String> pathParameters, String body) {
    ApiRequest {
        pathParameters = pathParameters == null ? Map.of() : Map.copyOf(pathParameters);
    }
}
