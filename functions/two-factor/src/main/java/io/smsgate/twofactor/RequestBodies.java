package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import io.smsgate.shared.security.PinHasher;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the API's request bodies and path ids, field by field, before anything is looked up. Never
 * throws: any string is either a request or a {@link Bad} with a reason and the field. Codes and PINs
 * are checked for shape only and never appear in what a refusal says.
 */
final class RequestBodies {
    static final int MAX_BODY_BYTES = 4096;
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@-]{0,127}");
    private static final Pattern VERIFICATION_ID = Pattern.compile("[A-Za-z0-9_-]{22}");
    private static final Pattern LOCALE = Pattern.compile("[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8}){0,3}");
    /** The backend's opaque session binding: 1 to 256 printable ASCII characters, no spaces. */
    private static final Pattern SESSION = Pattern.compile("[\\x21-\\x7E]{1,256}");

    private final boolean allowFictionalNumbers;

    RequestBodies(boolean allowFictionalNumbers) {
        this.allowFictionalNumbers = allowFictionalNumbers;
    }

    sealed interface Parsed<T> {
    }

    record Ok<T>(T value) implements Parsed<T> {
    }

    /** {@code field} may be null when the body as a whole is wrong. */
    record Bad<T>(ApiRejection reason, String field) implements Parsed<T> {
    }

    Parsed<StartRequest> start(String body) {
        Optional<JsonNode> parsed = object(body);
        if (parsed.isEmpty()) {
            return bad(body);
        }
        JsonNode node = parsed.get();
        JsonNode phone = node.get("phone");
        if (absent(phone)) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "phone");
        }
        if (!phone.isTextual()) {
            return new Bad<>(ApiRejection.INVALID_PHONE, "phone");
        }
        Optional<PhoneNumber> number = PhoneNumbers.parse(phone.asText(), allowFictionalNumbers);
        if (number.isEmpty()) {
            return new Bad<>(ApiRejection.INVALID_PHONE, "phone");
        }
        Parsed<Subject> parsedSubject = subject(node);
        if (parsedSubject instanceof Bad<Subject> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        Subject subject = ((Ok<Subject>) parsedSubject).value();
        if (subject.accountId() == null && subject.purpose() == VerificationPurpose.LINK_PHONE) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "accountId");
        }
        JsonNode localeNode = node.get("locale");
        String locale = null;
        if (!absent(localeNode)) {
            if (!localeNode.isTextual() || !LOCALE.matcher(localeNode.asText()).matches()) {
                return new Bad<>(ApiRejection.INVALID_LOCALE, "locale");
            }
            locale = localeNode.asText();
        }
        return new Ok<>(new StartRequest(number.get(), subject.purpose(), subject.accountId(), locale, subject.session()));
    }

    /**
     * {@code POST /verifications/{id}/check}: the code, and what it verifies: {@code purpose} (required),
     * {@code accountId} and {@code session} (as the start named them, or absent).
     */
    Parsed<CheckRequest> check(String body) {
        Parsed<String> code = code(body);
        if (code instanceof Bad<String> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        JsonNode node = object(body).orElseThrow();
        Parsed<Subject> parsedSubject = subject(node);
        if (parsedSubject instanceof Bad<Subject> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        Subject subject = ((Ok<Subject>) parsedSubject).value();
        return new Ok<>(new CheckRequest(((Ok<String>) code).value(), subject.purpose(), subject.accountId(), subject.session()));
    }

    /** {@code POST /numbers/unlock}: the number whose failed checks in a row another factor has ended. */
    Parsed<PhoneNumber> unlock(String body) {
        Optional<JsonNode> parsed = object(body);
        if (parsed.isEmpty()) {
            return bad(body);
        }
        JsonNode phone = parsed.get().get("phone");
        if (absent(phone)) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "phone");
        }
        Optional<PhoneNumber> number = phone.isTextual() ? PhoneNumbers.parse(phone.asText(), allowFictionalNumbers) : Optional.empty();
        return number.<Parsed<PhoneNumber>>map(Ok::new).orElseGet(() -> new Bad<>(ApiRejection.INVALID_PHONE, "phone"));
    }

    /** The optional {@code session}: null when absent. */
    /** What a start or a check is about: its purpose (required), account and session (optional, may be null). */
    private record Subject(VerificationPurpose purpose, String accountId, String session) {
    }

    private static Parsed<Subject> subject(JsonNode node) {
        Parsed<VerificationPurpose> purpose = requiredPurpose(node);
        if (purpose instanceof Bad<VerificationPurpose> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        Parsed<String> account = accountId(node);
        if (account instanceof Bad<String> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        Parsed<String> session = session(node);
        if (session instanceof Bad<String> bad) {
            return new Bad<>(bad.reason(), bad.field());
        }
        return new Ok<>(new Subject(((Ok<VerificationPurpose>) purpose).value(), ((Ok<String>) account).value(),
                ((Ok<String>) session).value()));
    }

    /** The required {@code purpose} field. */
    private static Parsed<VerificationPurpose> requiredPurpose(JsonNode node) {
        JsonNode purposeNode = node.get("purpose");
        if (absent(purposeNode)) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "purpose");
        }
        return purpose(purposeNode)
                .<Parsed<VerificationPurpose>>map(Ok::new)
                .orElseGet(() -> new Bad<>(ApiRejection.INVALID_PURPOSE, "purpose"));
    }

    /** The optional {@code accountId} field: {@code Ok(null)} when absent. */
    private static Parsed<String> accountId(JsonNode node) {
        JsonNode account = node.get("accountId");
        if (absent(account)) {
            return new Ok<>(null);
        }
        if (!account.isTextual() || !validAccountId(account.asText())) {
            return new Bad<>(ApiRejection.INVALID_ACCOUNT_ID, "accountId");
        }
        return new Ok<>(account.asText());
    }

    private static Parsed<String> session(JsonNode node) {
        JsonNode session = node.get("session");
        if (absent(session)) {
            return new Ok<>(null);
        }
        if (!session.isTextual() || !SESSION.matcher(session.asText()).matches()) {
            return new Bad<>(ApiRejection.INVALID_SESSION, "session");
        }
        return new Ok<>(session.asText());
    }

    /** The code of a check: six ASCII digits, as a JSON string. */
    Parsed<String> code(String body) {
        Optional<JsonNode> parsed = object(body);
        if (parsed.isEmpty()) {
            return bad(body);
        }
        JsonNode code = parsed.get().get("code");
        if (absent(code)) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "code");
        }
        if (!code.isTextual() || !OneTimeCodes.wellFormed(code.asText())) {
            return new Bad<>(ApiRejection.INVALID_CODE, "code");
        }
        return new Ok<>(code.asText());
    }

    Parsed<SettingsRequest> settings(String body) {
        Optional<JsonNode> parsed = object(body);
        if (parsed.isEmpty()) {
            return bad(body);
        }
        JsonNode node = parsed.get();
        JsonNode posting = node.get("smsPosting");
        if (absent(posting)) {
            return new Bad<>(ApiRejection.MISSING_FIELD, "smsPosting");
        }
        if (!posting.isBoolean()) {
            return new Bad<>(ApiRejection.INVALID_FIELD, "smsPosting");
        }
        JsonNode pinNode = node.get("pin");
        String pin = null;
        if (!absent(pinNode)) {
            if (!pinNode.isTextual() || !PinHasher.isValidPin(pinNode.asText())) {
                return new Bad<>(ApiRejection.INVALID_PIN, "pin");
            }
            pin = pinNode.asText();
        }
        JsonNode currentNode = node.get("currentPin");
        String currentPin = null;
        if (!absent(currentNode)) {
            if (!currentNode.isTextual() || !PinHasher.isValidPin(currentNode.asText())) {
                return new Bad<>(ApiRejection.INVALID_PIN, "currentPin");
            }
            currentPin = currentNode.asText();
        }
        JsonNode removeNode = node.get("removePin");
        boolean removePin = false;
        if (!absent(removeNode)) {
            if (!removeNode.isBoolean()) {
                return new Bad<>(ApiRejection.INVALID_FIELD, "removePin");
            }
            removePin = removeNode.asBoolean();
        }
        if (removePin && pin != null) {
            return new Bad<>(ApiRejection.INVALID_FIELD, "removePin");
        }
        JsonNode confirm = node.get("confirmPosts");
        Boolean confirmPosts = null;
        if (!absent(confirm)) {
            if (!confirm.isBoolean()) {
                return new Bad<>(ApiRejection.INVALID_FIELD, "confirmPosts");
            }
            confirmPosts = confirm.asBoolean();
        }
        return new Ok<>(new SettingsRequest(posting.asBoolean(), pin, currentPin, removePin, confirmPosts));
    }

    static boolean validVerificationId(String id) {
        return id != null && VERIFICATION_ID.matcher(id).matches();
    }

    static boolean validAccountId(String id) {
        return id != null && ACCOUNT_ID.matcher(id).matches();
    }

    private static Optional<VerificationPurpose> purpose(JsonNode node) {
        if (!node.isTextual()) {
            return Optional.empty();
        }
        for (VerificationPurpose purpose : VerificationPurpose.values()) {
            if (purpose.name().equals(node.asText())) {
                return Optional.of(purpose);
            }
        }
        return Optional.empty();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    private static Optional<JsonNode> object(String body) {
        if (body == null || body.isBlank() || tooLarge(body)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.object(body));
        } catch (MalformedJsonException e) {
            return Optional.empty();
        } catch (RuntimeException e) {
            // Jackson limits (nesting depth, number length) surface as other runtime exceptions.
            return Optional.empty();
        }
    }

    private static <T> Bad<T> bad(String body) {
        return new Bad<>(body != null && tooLarge(body) ? ApiRejection.BODY_TOO_LARGE : ApiRejection.MALFORMED_JSON, null);
    }

    private static boolean tooLarge(String body) {
        return body.length() > MAX_BODY_BYTES || body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY_BYTES;
    }
}
