package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One End User Messaging SMS event (a configuration set's event destination publishes it to
 * DeliveryEventsTopic), reduced on arrival to what smsgate keeps: the state ({@code TEXT_DELIVERED} →
 * {@code DELIVERED}), whether the carrier's report is final, when it was reported, the message id, the
 * destination's country, and the verification the text was a code for (the {@code verificationId} the
 * send put in the message's {@code Context}; none for a reply). The destination number itself is read
 * only to find its country and is dropped here: it is in no field, log line or table.
 *
 * <p>The event's fields: {@code eventType}, {@code eventVersion}, {@code eventTimestamp} (epoch ms),
 * {@code isFinal}, {@code originationPhoneNumber}, {@code destinationPhoneNumber}, {@code isoCountryCode},
 * {@code messageId}, {@code messageStatus}, {@code context}, {@code totalMessageParts} ... (see
 * docs/sending.md#delivery-receipts).
 */
record DeliveryReceipt(String status, boolean isFinal, Instant reportedAt, String messageId, String country, String verificationId) {
    /** The SMS event types, without {@code TEXT_}: the states a receipt may report. */
    static final Set<String> STATES = Set.of("DELIVERED", "SUCCESSFUL", "QUEUED", "PENDING", "BLOCKED", "TTL_EXPIRED",
            "CARRIER_UNREACHABLE", "INVALID", "INVALID_MESSAGE", "CARRIER_BLOCKED", "UNREACHABLE", "SPAM", "UNKNOWN",
            "PROTECT_BLOCKED");
    /** Interim states: more will follow. A receipt without {@code isFinal} is final unless it is one of these. */
    static final Set<String> INTERIM = Set.of("QUEUED", "PENDING");
    /** The country of a receipt whose destination has none that libphonenumber knows. */
    static final String NO_COUNTRY = "ZZ";

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_:/-]{1,64}");
    private static final Pattern VERIFICATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern ISO = Pattern.compile("[A-Z]{2}");
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Z]{1,10}_[A-Z_]{1,30}");

    /** Whether this was a code (a verification's) rather than a reply. */
    boolean code() {
        return verificationId != null;
    }

    /** What reading an event gave: a receipt, or why not. */
    sealed interface Parsed {
        record Receipt(DeliveryReceipt receipt) implements Parsed {
        }

        record Invalid(Reason reason, String detail) implements Parsed {
        }
    }

    /** Why an event is refused (log reason code, {@code DeliveryReceiptRejected} metric). */
    enum Reason {
        /** Not JSON, or not an object. */
        MALFORMED_JSON,
        /** A required field is missing or of the wrong type (named in the detail). */
        MISSING_FIELD,
        /** Not an SMS event (a voice or MMS event), or an SMS event type this version does not know. */
        UNKNOWN_EVENT_TYPE,
        /** {@code messageId} is not End User Messaging's shape (1-64 of {@code [A-Za-z0-9_:/-]}). */
        INVALID_MESSAGE_ID,
        /** The context's {@code verificationId} is not a verification id. */
        INVALID_CONTEXT
    }

    /** Reads one event; never throws for its content. {@code allowFictional}: count the drama range as GB. */
    static Parsed parse(String message, boolean allowFictional) {
        JsonNode event;
        try {
            event = Json.object(message);
        } catch (MalformedJsonException e) {
            return new Parsed.Invalid(Reason.MALFORMED_JSON, "not a JSON object");
        }
        JsonNode type = event.path("eventType");
        if (!type.isTextual()) {
            return new Parsed.Invalid(Reason.MISSING_FIELD, "eventType");
        }
        String eventType = type.asText();
        if (!eventType.startsWith("TEXT_") || !STATES.contains(eventType.substring(5))) {
            // Named in the log only when it looks like an event type: outside text never reaches a log line.
            return new Parsed.Invalid(Reason.UNKNOWN_EVENT_TYPE, EVENT_TYPE.matcher(eventType).matches() ? eventType : "eventType");
        }
        String status = eventType.substring(5);
        JsonNode messageId = event.path("messageId");
        if (!messageId.isTextual()) {
            return new Parsed.Invalid(Reason.MISSING_FIELD, "messageId");
        }
        if (!MESSAGE_ID.matcher(messageId.asText()).matches()) {
            return new Parsed.Invalid(Reason.INVALID_MESSAGE_ID, "messageId");
        }
        JsonNode timestamp = event.path("eventTimestamp");
        if (!timestamp.canConvertToLong() || timestamp.asLong() < 0) {
            return new Parsed.Invalid(Reason.MISSING_FIELD, "eventTimestamp");
        }
        JsonNode finalFlag = event.path("isFinal");
        boolean isFinal = finalFlag.isBoolean() ? finalFlag.asBoolean() : !INTERIM.contains(status);
        String verificationId = null;
        JsonNode context = event.path("context");
        if (context.isObject() && context.has("verificationId")) {
            JsonNode id = context.path("verificationId");
            if (!id.isTextual() || !VERIFICATION_ID.matcher(id.asText()).matches()) {
                return new Parsed.Invalid(Reason.INVALID_CONTEXT, "context.verificationId");
            }
            verificationId = id.asText();
        }
        return new Parsed.Receipt(new DeliveryReceipt(status, isFinal, Instant.ofEpochMilli(timestamp.asLong()), messageId.asText(),
                country(event, allowFictional), verificationId));
    }

    /** The event's {@code isoCountryCode}, else the destination's country; the number goes no further. */
    private static String country(JsonNode event, boolean allowFictional) {
        String iso = event.path("isoCountryCode").asText("").toUpperCase(Locale.ROOT);
        if (ISO.matcher(iso).matches()) {
            return iso;
        }
        JsonNode destination = event.path("destinationPhoneNumber");
        if (destination.isTextual()) {
            return PhoneNumbers.parse(destination.asText(), allowFictional).map(n -> n.country().value()).orElse(NO_COUNTRY);
        }
        return NO_COUNTRY;
    }
}
