package io.smsgate.shared.security;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a sealed value is bound to: the message (or item) it travels in. A {@code v2.} seal's AES-GCM
 * additional data is the purpose (a number or a text), the kind of holder and its id, so a seal copied
 * into another message, another kind of message, or another item does not open.
 *
 * <ul>
 *   <li>{@link #inbound}: an SmsCommand or ApprovedCommand, by its {@code inboundMessageId} (the sender and the body);</li>
 *   <li>{@link #outbound}: an OutboundSms, by its {@code requestId} (the recipient);</li>
 *   <li>{@link #verification}: a VerificationsTable item, by its id ({@code recipient});</li>
 *   <li>{@link #link}: a PhoneLinksTable item, by its {@code phoneKey} ({@code sealedNumber}).</li>
 * </ul>
 */
public record SealContext(String kind, String id) {
    public SealContext {
        Objects.requireNonNull(kind, "kind");
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a seal is bound to a non-empty id");
        }
    }

    public static SealContext inbound(String inboundMessageId) {
        return new SealContext("inbound", inboundMessageId);
    }

    public static SealContext outbound(String requestId) {
        return new SealContext("outbound", requestId);
    }

    public static SealContext verification(String verificationId) {
        return new SealContext("verification", verificationId);
    }

    public static SealContext link(String phoneKey) {
        return new SealContext("link", phoneKey);
    }

    /**
     * Whether a {@code v1.} seal (constant additional data, bound to nothing) still opens here. Only in a
     * VerificationsTable item: items written before {@code v2.} live at most a verification's lifetime,
     * and only the API writes them. Never in a message: a {@code v1.} seal seen on a topic or in a
     * dead-letter queue cannot be replayed in a new one.
     */
    boolean acceptsV1() {
        return "verification".equals(kind);
    }

    /**
     * Whether a {@code v2.} seal without a key id (sealed before the key split, with the key derived from
     * the phone-key secret) opens here even once legacy forms are refused: only in a PhoneLinksTable item,
     * which lives as long as the link, and which only the API writes.
     */
    boolean acceptsLegacyKey() {
        return "link".equals(kind);
    }

    byte[] additionalData(String purpose) {
        return ("smsgate/seal/v2\u0000" + purpose + "\u0000" + kind + "\u0000" + id).getBytes(StandardCharsets.UTF_8);
    }
}
