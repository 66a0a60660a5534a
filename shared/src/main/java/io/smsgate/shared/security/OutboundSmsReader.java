package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;

/**
 * The one place an OutboundSms is read by the door out: JSON, type, the MAC (made by the requesting
 * function with the OutboundSms key, over the request as received), the fields, then the sealed
 * recipient, bound to the request's {@code requestId}. Never throws on any input.
 */
public final class OutboundSmsReader {
    private final KeyRing keys;
    private final MessageSigner signer;

    /** Fails at once unless {@code keys} holds what a reader uses: the OutboundSms MAC and number sealing. */
    public OutboundSmsReader(KeyRing keys) {
        this.keys = keys.require("reading OutboundSms", KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.PHONE_KEY,
                KeyRing.Purpose.NUMBER_SEALING);
        this.signer = new MessageSigner(keys);
    }

    public sealed interface Result {
    }

    /** A request one of this deployment's functions made; {@code recipient} opened. */
    public record Accepted(OutboundSms request, PhoneNumber recipient) implements Result {
        @Override
        public String toString() {
            return "Accepted[" + request.kind() + " " + request.requestId() + ", recipient redacted]";
        }
    }

    /** Dropped, with the request id when the message had one (for the log line). */
    public record Dropped(MessageRejection reason, String detail, String requestId) implements Result {
    }

    public Result read(String message) {
        JsonNode node;
        try {
            node = Json.object(message);
        } catch (MalformedJsonException e) {
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(), null);
        }
        return read(node);
    }

    /** The same, for a message already parsed as a JSON object (the door out reads its type first). */
    public Result read(JsonNode node) {
        String requestId = node.path("requestId").isTextual() ? node.path("requestId").asText() : null;
        if (!OutboundSms.TYPE.equals(node.path("type").asText())) {
            return new Dropped(MessageRejection.MALFORMED, "not an " + OutboundSms.TYPE, null);
        }
        KeyRing.MacCheck mac = signer.check(OutboundSms.TYPE, node);
        if (mac != KeyRing.MacCheck.VALID) {
            return new Dropped(MessageRejection.of(mac), "mac " + mac, null);
        }
        OutboundSms request;
        try {
            request = Json.convert(node, OutboundSms.class);
        } catch (MalformedJsonException e) {
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(), null);
        }
        try {
            return new Accepted(request, keys.open(request.recipient(), SealContext.outbound(request.requestId())));
        } catch (KeyRing.TamperedException e) {
            return new Dropped(MessageRejection.sealed(e, MessageRejection.SEAL_INVALID), "recipient: " + e.getMessage(), requestId);
        }
    }
}
