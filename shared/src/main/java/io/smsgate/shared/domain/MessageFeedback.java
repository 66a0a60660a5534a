package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Conversion feedback for End User Messaging, handed to the door out: a check approved the code End
 * User Messaging sent as {@code messageId}, so SendSmsFunction reports it {@code RECEIVED}
 * ({@code PutMessageFeedback}). Published by VerificationApiFunction to OutboundSmsTopic with
 * {@code kind} {@value #KIND}, which routes it to TextSendQueue; it takes no send-rate slot, budget or
 * claim there, and texts nobody.
 *
 * <p>A type of its own rather than a kind of {@link OutboundSms}: an OutboundSms is always a text to
 * someone (a recipient sealed for its request), and this has no recipient at all. It carries no number,
 * code or PIN: the message id, the verification (for the log line) and the country (routing and
 * metrics). Its MAC has its own key ({@code smsgate/mac/MessageFeedback/v1}), so it can never pass for a
 * text request, nor a text request for it.
 */
public record MessageFeedback(
        String type,
        int version,
        String messageId,
        Status status,
        String verificationId,
        String country,
        Instant requestedAt) implements PublishedMessage {
    public static final String TYPE = "MessageFeedback";
    public static final int VERSION = 1;
    /** The {@code kind} attribute OutboundSmsTopic's subscriptions route on. */
    public static final String KIND = "FEEDBACK";
    /** End User Messaging's own constraint on a message id ({@code PutMessageFeedback} refuses anything else). */
    public static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9_:/-]{1,64}");
    private static final Pattern VERIFICATION_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** What is reported. Only RECEIVED today: a code nobody enters turns FAILED on its own after an hour. */
    public enum Status { RECEIVED }

    public MessageFeedback {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(messageId, "messageId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(verificationId, "verificationId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (!MESSAGE_ID.matcher(messageId).matches()) {
            throw new IllegalArgumentException("not an End User Messaging message id");
        }
        // Both end up in log lines: nothing but an id and an ISO code.
        if (!VERIFICATION_ID.matcher(verificationId).matches()) {
            throw new IllegalArgumentException("not a verification id");
        }
        country = CountryCode.of(country).value();
    }

    /** The code sent as {@code messageId} was entered. */
    public static MessageFeedback received(String messageId, String verificationId, String country, Instant requestedAt) {
        return new MessageFeedback(TYPE, VERSION, messageId, Status.RECEIVED, verificationId, country, requestedAt);
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("kind", KIND, "country", country);
    }
}
