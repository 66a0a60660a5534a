package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.Metrics;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes (start, check, status, unlock, SMS settings): finds the route, reads the body ({@link RequestBodies}), calls the service, and turns
 * its outcome into an HTTP answer. Bad input is a 400 with a reason code, logged and counted; nothing
 * is looked up for it.
 */
final class VerificationApi {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationApi.class);
    private static final Pattern START = Pattern.compile("/verifications/?");
    private static final Pattern CHECK = Pattern.compile("/verifications/([^/]*)/check/?");
    private static final Pattern STATUS = Pattern.compile("/verifications/([^/]*)/?");
    private static final Pattern UNLOCK = Pattern.compile("/numbers/unlock/?");
    private static final Pattern SETTINGS = Pattern.compile("/accounts/([^/]*)/sms-settings/?");

    private final RequestBodies bodies;
    private final VerificationService verifications;
    private final SmsSettingsService settings;
    private final Metrics metrics;

    /** The service behind the routes (its priming is tested on its own). */
    VerificationService verifications() {
        return verifications;
    }

    VerificationApi(RequestBodies bodies, VerificationService verifications, SmsSettingsService settings, Metrics metrics) {
        this.bodies = bodies;
        this.verifications = verifications;
        this.settings = settings;
        this.metrics = metrics;
    }

    ApiResponse handle(ApiRequest request) {
        String method = request.method() == null ? "" : request.method().toUpperCase(Locale.ROOT);
        String path = request.path() == null ? "" : request.path();
        String route = request.routeKey() == null || request.routeKey().equals("$default") ? null : request.routeKey();
        if ("POST /verifications".equals(route) || (route == null && method.equals("POST") && START.matcher(path).matches())) {
            return start(request);
        }
        Matcher check = CHECK.matcher(path);
        if ("POST /verifications/{id}/check".equals(route) || (route == null && method.equals("POST") && check.matches())) {
            return check(parameter(request, "id", check.matches() ? check.group(1) : null), request);
        }
        Matcher status = STATUS.matcher(path);
        if ("GET /verifications/{id}".equals(route) || (route == null && method.equals("GET") && status.matches())) {
            return status(parameter(request, "id", status.matches() ? status.group(1) : null));
        }
        if ("POST /numbers/unlock".equals(route) || (route == null && method.equals("POST") && UNLOCK.matcher(path).matches())) {
            return unlock(request);
        }
        Matcher account = SETTINGS.matcher(path);
        if ("PUT /accounts/{accountId}/sms-settings".equals(route) || (route == null && method.equals("PUT") && account.matches())) {
            return settings(parameter(request, "accountId", account.matches() ? account.group(1) : null), request);
        }
        // The path is not logged: it is the caller's text and could hold anything.
        return reject(ApiRejection.NOT_FOUND, null, "unknown route (" + method + ")");
    }

    private ApiResponse start(ApiRequest request) {
        return switch (bodies.start(request.body())) {
            case RequestBodies.Bad<StartRequest> bad -> reject(bad.reason(), bad.field(), "start");
            case RequestBodies.Ok<StartRequest> ok -> switch (verifications.start(ok.value())) {
                case StartOutcome.Started started -> ApiResponse.json(202, object()
                        .put("verificationId", started.verificationId())
                        .put("expiresAt", started.expiresAt().toString()));
                case StartOutcome.Refused refused -> ApiResponse.refused(refused.reason(), null, refused.retryAfter());
            };
        };
    }

    private ApiResponse check(String id, ApiRequest request) {
        if (!RequestBodies.validVerificationId(id)) {
            return reject(ApiRejection.INVALID_VERIFICATION_ID, "id", "check");
        }
        return switch (bodies.check(request.body())) {
            case RequestBodies.Bad<CheckRequest> bad -> reject(bad.reason(), bad.field(), "check");
            case RequestBodies.Ok<CheckRequest> ok -> switch (verifications.check(id, ok.value())) {
                case CheckOutcome.Answered answered -> ApiResponse.json(200, object()
                        .put("status", answered.status().name())
                        .put("attemptsLeft", answered.attemptsLeft()));
                case CheckOutcome.NotFound notFound -> ApiResponse.refused(ApiRejection.VERIFICATION_NOT_FOUND, null, null);
            };
        };
    }

    private ApiResponse status(String id) {
        if (!RequestBodies.validVerificationId(id)) {
            return reject(ApiRejection.INVALID_VERIFICATION_ID, "id", "status");
        }
        return verifications.status(id).map(found -> {
            ObjectNode body = object()
                    .put("verificationId", found.verificationId())
                    .put("purpose", found.purpose().name())
                    .put("state", found.state())
                    .put("expiresAt", found.expiresAt().toString())
                    .put("sends", found.sends());
            if (found.sendStatus() != null) {
                body.put("sendStatus", found.sendStatus());
            }
            if (found.deliveryStatus() != null) {
                body.put("deliveryStatus", found.deliveryStatus());
            }
            return ApiResponse.json(200, body);
        }).orElseGet(() -> ApiResponse.refused(ApiRejection.VERIFICATION_NOT_FOUND, null, null));
    }

    private ApiResponse unlock(ApiRequest request) {
        return switch (bodies.unlock(request.body())) {
            case RequestBodies.Bad<io.smsgate.shared.domain.PhoneNumber> bad -> reject(bad.reason(), bad.field(), "unlock");
            case RequestBodies.Ok<io.smsgate.shared.domain.PhoneNumber> ok -> {
                verifications.unlock(ok.value());
                yield ApiResponse.json(200, object().put("status", "UNLOCKED"));
            }
        };
    }

    private ApiResponse settings(String accountId, ApiRequest request) {
        if (!RequestBodies.validAccountId(accountId)) {
            return reject(ApiRejection.INVALID_ACCOUNT_ID, "accountId", "settings");
        }
        return switch (bodies.settings(request.body())) {
            case RequestBodies.Bad<SettingsRequest> bad -> reject(bad.reason(), bad.field(), "settings");
            case RequestBodies.Ok<SettingsRequest> ok -> switch (settings.update(accountId, ok.value())) {
                case SettingsOutcome.Updated updated -> ApiResponse.json(200, object()
                        .put("accountId", accountId)
                        .put("smsPosting", updated.smsPosting())
                        .put("pinSet", updated.pinSet())
                        .put("confirmPosts", updated.confirmPosts()));
                case SettingsOutcome.Refused refused -> ApiResponse.refused(refused.reason(), null, null);
            };
        };
    }

    private static String parameter(ApiRequest request, String name, String fromPath) {
        String value = request.pathParameters().get(name);
        return value != null ? value : fromPath;
    }

    private ApiResponse reject(ApiRejection reason, String field, String what) {
        LOG.warn("API request rejected: reason={} field={} request={}", reason, field, what);
        metrics.count("ApiRejected", Map.of("Reason", reason.name()));
        return ApiResponse.refused(reason, field, null);
    }

    private static ObjectNode object() {
        return Json.mapper().createObjectNode();
    }
}
