package io.smsgate.inbound;

import io.smsgate.shared.domain.InboundMessageId;
import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.InboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a two-way payload field by field, before anything is written: JSON shape, required fields,
 * the message id, our own number as destination, the sender's number (libphonenumber, E.164, with a
 * country), and the body's length.
 */
final class InboundSmsValidator {
    private static final List<String> REQUIRED = List.of("originationNumber", "destinationNumber", "messageBody", "inboundMessageId");

    private final Set<String> destinationNumbers;
    private final int maxBodyLength;
    private final boolean allowFictionalNumbers;

    InboundSmsValidator(Set<String> destinationNumbers, int maxBodyLength, boolean allowFictionalNumbers) {
        this.destinationNumbers = Set.copyOf(destinationNumbers);
        this.maxBodyLength = maxBodyLength;
        this.allowFictionalNumbers = allowFictionalNumbers;
    }

    sealed interface Result {
    }

    /** A payload to act on; {@code sender} is normalised and carries its country. */
    record Valid(InboundSms sms, PhoneNumber sender) implements Result {
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
        for (String field : REQUIRED) {
            if (!node.path(field).isTextual()) {
                return new Invalid(Rejection.MISSING_FIELD, field, usableId);
            }
        }
        if (usableId == null) {
            return new Invalid(Rejection.INVALID_MESSAGE_ID, "inboundMessageId", null);
        }
        InboundSms sms;
        try {
            sms = Json.convert(node, InboundSms.class);
        } catch (MalformedJsonException e) {
            // An optional field (messageKeyword, previousPublishedMessageId) that is not a string.
            return new Invalid(Rejection.MALFORMED_JSON, "an optional field is not a string", usableId);
        }
        if (!destinationNumbers.contains(sms.destinationNumber().strip())) {
            return new Invalid(Rejection.UNKNOWN_DESTINATION, "destinationNumber", usableId);
        }
        Optional<PhoneNumber> sender = PhoneNumbers.parse(sms.originationNumber(), allowFictionalNumbers);
        if (sender.isEmpty()) {
            return new Invalid(Rejection.INVALID_NUMBER, "originationNumber", usableId);
        }
        if (destinationNumbers.contains(sender.get().e164())) {
            return new Invalid(Rejection.SELF_ORIGINATED, "originationNumber", usableId);
        }
        String body = sms.messageBody();
        if (body.isBlank()) {
            return new Invalid(Rejection.EMPTY_BODY, "messageBody", usableId);
        }
        int length = body.codePointCount(0, body.length());
        if (length > maxBodyLength) {
            return new Invalid(Rejection.BODY_TOO_LONG, length + " > " + maxBodyLength + " code points", usableId);
        }
        return new Valid(sms, sender.get());
    }
}
