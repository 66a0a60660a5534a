package io.smsgate.policy;

import io.smsgate.shared.domain.InboundMessageId;
import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Checks a message from CommandsTopic field by field before anything is decided: JSON shape, the
 * envelope (an SmsCommand, version 1), required fields, the message id, the country, and the sealed
 * sender, which must open with this deployment's key for this command (bound to its inbound id) and
 * belong to the country the policy is read for (the country decides; a sender from elsewhere would
 * borrow another country's policy). The sealed body is passed on unopened: no policy decision reads it.
 */
final class SmsCommandValidator {
    private static final Pattern COMMAND_NAME = Pattern.compile("[A-Z][A-Z_]{0,31}");
    /**
     * The longest seal InboundSmsFunction can make: MAX_BODY_LENGTH is at most 10,000 code points,
     * at most 40,000 bytes of UTF-8, about 53,400 characters once sealed (nonce, tag, base64, prefix).
     */
    static final int MAX_SEALED_TEXT_CHARS = 64 * 1024;
    /** An E.164 number is at most 16 characters; a number with its formatting, well under this. */
    static final int MAX_DESTINATION_CHARS = 32;

    private final KeyRing keys;

    SmsCommandValidator(KeyRing keys) {
        this.keys = keys.require("validating SmsCommand", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING);
    }

    sealed interface Result {
    }

    /** A command to decide; {@code sender} opened and matches the command's country. */
    record Valid(SmsCommand command) implements Result {
    }

    /** A well-formed SmsCommand whose command this build does not know (a newer publisher, say). */
    record UnknownCommand(String inboundMessageId, String command, String country) implements Result {
    }

    /** Refused; {@code inboundMessageId} when the payload had a usable one (for the log line). */
    record Invalid(Rejection reason, String detail, String inboundMessageId) implements Result {
    }

    Result validate(String message) {
        JsonNode node;
        try {
            node = Json.object(message);
        } catch (MalformedJsonException e) {
            return new Invalid(Rejection.MALFORMED_JSON, e.getMessage(), null);
        }
        String usableId = InboundMessageId.usable(node);
        if (!SmsCommand.TYPE.equals(node.path("type").asText(null))) {
            return new Invalid(Rejection.WRONG_TYPE, "type", usableId);
        }
        if (!node.path("version").isInt() || node.path("version").asInt() != SmsCommand.VERSION) {
            return new Invalid(Rejection.UNSUPPORTED_VERSION, "version", usableId);
        }
        for (String field : new String[] {"inboundMessageId", "command", "country", "receivedAt"}) {
            if (!node.path(field).isTextual()) {
                return new Invalid(Rejection.MISSING_FIELD, field, usableId);
            }
        }
        if (usableId == null) {
            return new Invalid(Rejection.INVALID_MESSAGE_ID, "inboundMessageId", null);
        }
        JsonNode sender = node.path("sender");
        if (!sender.path("key").isTextual() || sender.path("key").asText().isBlank()
                || !sender.path("sealed").isTextual() || sender.path("sealed").asText().isBlank()) {
            return new Invalid(Rejection.MISSING_FIELD, "sender", usableId);
        }
        for (String optional : new String[] {"destinationNumber", "sealedText"}) {
            if (!node.path(optional).isMissingNode() && !node.path(optional).isNull() && !node.path(optional).isTextual()) {
                return new Invalid(Rejection.MISSING_FIELD, optional, usableId);
            }
        }
        // Passed on unopened, so bounded here: an oversized field would make the ApprovedCommand too
        // large for SNS to publish, a failure that retries could never cure.
        if (node.path("sealedText").asText("").length() > MAX_SEALED_TEXT_CHARS) {
            return new Invalid(Rejection.FIELD_TOO_LONG, "sealedText", usableId);
        }
        if (node.path("destinationNumber").asText("").length() > MAX_DESTINATION_CHARS) {
            return new Invalid(Rejection.FIELD_TOO_LONG, "destinationNumber", usableId);
        }
        try {
            Instant.parse(node.path("receivedAt").asText());
        } catch (DateTimeParseException e) {
            return new Invalid(Rejection.MISSING_FIELD, "receivedAt", usableId);
        }
        String country = node.path("country").asText();
        if (!country.matches("[A-Z]{2}") || CountryCode.parse(country).isEmpty()) {
            return new Invalid(Rejection.INVALID_COUNTRY, "country", usableId);
        }
        PhoneNumber number;
        try {
            number = keys.open(new SealedNumber(sender.path("key").asText(), sender.path("sealed").asText()),
                    SealContext.inbound(usableId));
        } catch (KeyRing.UnknownKeyException e) {
            return new Invalid(Rejection.KEY_UNKNOWN, "sender sealed with key " + e.keyId() + ", which this deployment no longer holds",
                    usableId);
        } catch (KeyRing.TamperedException e) {
            return new Invalid(Rejection.INVALID_SENDER, "sender does not open with this deployment's key for this command",
                    usableId);
        }
        if (!number.country().value().equals(country)) {
            return new Invalid(Rejection.INVALID_SENDER, "sender is not from " + country, usableId);
        }
        String command = node.path("command").asText();
        if (Arrays.stream(CommandName.values()).noneMatch(name -> name.name().equals(command))) {
            return new UnknownCommand(usableId, COMMAND_NAME.matcher(command).matches() ? command : "?", country);
        }
        try {
            return new Valid(Json.convert(node, SmsCommand.class));
        } catch (MalformedJsonException | IllegalArgumentException e) {
            return new Invalid(Rejection.MISSING_FIELD, e.getMessage(), usableId);
        }
    }
}
