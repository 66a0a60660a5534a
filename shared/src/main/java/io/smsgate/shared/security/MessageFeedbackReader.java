package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;

/**
 * The one place the door out reads a MessageFeedback: JSON, type, the MAC (made by VerificationApiFunction
 * with the MessageFeedback key, over the message as received), then the fields. Nothing in it is sealed:
 * it names a message id and a verification, never a number. Never throws on any input.
 */
public final class MessageFeedbackReader {
    private final MessageSigner signer;

    /** Fails at once unless {@code keys} holds the MessageFeedback MAC. */
    public MessageFeedbackReader(KeyRing keys) {
        this.signer = new MessageSigner(keys.require("reading MessageFeedback", KeyRing.Purpose.MESSAGE_FEEDBACK_MAC));
    }

    /** True when {@code node} says it is a MessageFeedback (what it is, not whether it is genuine: {@link #read} says that). */
    public static boolean names(JsonNode node) {
        return node != null && MessageFeedback.TYPE.equals(node.path("type").asText());
    }

    public sealed interface Result {
    }

    /** Feedback one of this deployment's functions asked for. */
    public record Accepted(MessageFeedback feedback) implements Result {
    }

    /** Dropped, with the message id when the message had a usable one (for the log line). */
    public record Dropped(MessageRejection reason, String detail, String messageId) implements Result {
    }

    public Result read(String message) {
        try {
            return read(Json.object(message));
        } catch (MalformedJsonException e) {
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(), null);
        }
    }

    /** The same, for a message already parsed as a JSON object. */
    public Result read(JsonNode node) {
        if (!names(node)) {
            return new Dropped(MessageRejection.MALFORMED, "not a " + MessageFeedback.TYPE, null);
        }
        KeyRing.MacCheck mac = signer.check(MessageFeedback.TYPE, node);
        if (mac != KeyRing.MacCheck.VALID) {
            return new Dropped(MessageRejection.of(mac), "mac " + mac, null);
        }
        try {
            return new Accepted(Json.convert(node, MessageFeedback.class));
        } catch (MalformedJsonException e) {
            String messageId = node.path("messageId").asText("");
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(),
                    MessageFeedback.MESSAGE_ID.matcher(messageId).matches() ? messageId : null);
        }
    }
}
