package io.smsgate.shared.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.json.Json;
import java.util.Set;

/**
 * Writes and checks the MAC of the messages a consumer acts on without asking anyone: ApprovedCommand
 * (PostingFunction trusts its policy facts), OutboundSms (SendSmsFunction texts whoever it names) and
 * MessageFeedback (SendSmsFunction tells End User Messaging a code reached a person).
 * The MAC is the message's {@code mac} field: {@link KeyRing#mac} with the key of the message's
 * {@code type} over {@link CanonicalJson}. Other messages are written as they are.
 */
public final class MessageSigner {
    /** The message types that carry a MAC, and whose consumers drop one without a valid MAC. */
    public static final Set<String> SIGNED_TYPES = Set.of(ApprovedCommand.TYPE, OutboundSms.TYPE, MessageFeedback.TYPE);

    private final KeyRing keys;

    public MessageSigner(KeyRing keys) {
        this.keys = keys;
    }

    /** The message as JSON, with its MAC when its type carries one. */
    public String write(PublishedMessage message) {
        if (!SIGNED_TYPES.contains(message.type())) {
            return Json.write(message);
        }
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(message);
        node.remove(CanonicalJson.MAC_FIELD);
        node.put(CanonicalJson.MAC_FIELD, keys.mac(message.type(), CanonicalJson.of(node)));
        return Json.write(node);
    }

    /** Checks a received message's MAC with the key of {@code type} (the type the consumer reads, not the one the message claims). */
    public KeyRing.MacCheck check(String type, JsonNode message) {
        JsonNode mac = message.path(CanonicalJson.MAC_FIELD);
        return keys.checkMac(type, CanonicalJson.of(message), mac.isTextual() ? mac.asText() : null);
    }
}
