package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.InboundMessageId;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import java.util.Arrays;

/**
 * The one place an ApprovedCommand from ApprovedCommandsTopic is read: JSON, type, the MAC (made by
 * CountryPolicyFunction with the ApprovedCommand key, over the message as received), the fields, then
 * the sealed sender and the sealed body, both bound to the command's {@code inboundMessageId}. Only an
 * {@link Accepted} command's policy facts may be trusted. Never throws on any input.
 */
public final class ApprovedCommandReader {
    private final KeyRing keys;
    private final MessageSigner signer;

    /** Fails at once unless {@code keys} holds what a reader uses: the ApprovedCommand MAC and both sealing keys. */
    public ApprovedCommandReader(KeyRing keys) {
        this.keys = keys.require("reading ApprovedCommand", KeyRing.Purpose.APPROVED_COMMAND_MAC, KeyRing.Purpose.PHONE_KEY,
                KeyRing.Purpose.NUMBER_SEALING, KeyRing.Purpose.TEXT_SEALING);
        this.signer = new MessageSigner(keys);
    }

    public sealed interface Result {
    }

    /** A command CountryPolicyFunction approved, as it approved it; {@code text} the opened body (null for UNDO). */
    public record Accepted(ApprovedCommand command, PhoneNumber sender, String text) implements Result {
        @Override
        public String toString() {
            return "Accepted[" + command.command() + " " + command.inboundMessageId() + ", sender and text redacted]";
        }
    }

    /**
     * Dropped: {@code inboundMessageId} when the message had a usable one, {@code command} its command
     * name when it named a known one, else {@code UNKNOWN} (both for the log line and the metric).
     */
    public record Dropped(MessageRejection reason, String detail, String inboundMessageId, String command) implements Result {
    }

    public Result read(String message) {
        JsonNode node;
        try {
            node = Json.object(message);
        } catch (MalformedJsonException e) {
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(), null, "UNKNOWN");
        }
        String usableId = InboundMessageId.usable(node);
        String name = node.path("command").asText("");
        String command = Arrays.stream(CommandName.values()).anyMatch(c -> c.name().equals(name)) ? name : "UNKNOWN";
        if (!ApprovedCommand.TYPE.equals(node.path("type").asText())) {
            return new Dropped(MessageRejection.MALFORMED, "not an " + ApprovedCommand.TYPE, usableId, command);
        }
        KeyRing.MacCheck mac = signer.check(ApprovedCommand.TYPE, node);
        if (mac != KeyRing.MacCheck.VALID) {
            return new Dropped(MessageRejection.of(mac), "mac " + mac, usableId, command);
        }
        ApprovedCommand approved;
        try {
            approved = Json.convert(node, ApprovedCommand.class);
        } catch (MalformedJsonException e) {
            return new Dropped(MessageRejection.MALFORMED, e.getMessage(), usableId, command);
        }
        if (usableId == null) {
            return new Dropped(MessageRejection.MALFORMED, "inboundMessageId", null, command);
        }
        if (CountryCode.parse(approved.country()).filter(c -> c.value().equals(approved.country())).isEmpty()) {
            return new Dropped(MessageRejection.MALFORMED, "country", usableId, command);
        }
        if (approved.maxPostsPerHourPerAccount() < 0) {
            return new Dropped(MessageRejection.MALFORMED, "maxPostsPerHourPerAccount", usableId, command);
        }
        SealContext context = SealContext.inbound(approved.inboundMessageId());
        PhoneNumber sender;
        try {
            sender = keys.open(approved.sender(), context);
        } catch (KeyRing.TamperedException e) {
            return new Dropped(MessageRejection.sealed(e, MessageRejection.SEAL_INVALID), "sender: " + e.getMessage(), usableId, command);
        }
        String text;
        try {
            text = keys.openText(approved.sealedText(), context);
        } catch (KeyRing.TamperedException e) {
            return new Dropped(MessageRejection.sealed(e, MessageRejection.TEXT_SEAL_INVALID), "sealedText: " + e.getMessage(), usableId, command);
        }
        return new Accepted(approved, sender, text);
    }
}
