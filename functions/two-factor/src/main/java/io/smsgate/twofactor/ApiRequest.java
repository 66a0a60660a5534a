package io.smsgate.twofactor;

import java.util.Map;

/** An HTTP request as the API sees it: {@code routeKey} as API Gateway matched it (may be null locally), the body decoded. */
record ApiRequest(String method, String path, String routeKey, Map<String, String> pathParameters, String body) {
    ApiRequest {
        // A parameter given as null is no parameter (Map.copyOf refuses nulls: it answered 500).
        pathParameters = pathParameters == null ? Map.of() : pathParameters.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
