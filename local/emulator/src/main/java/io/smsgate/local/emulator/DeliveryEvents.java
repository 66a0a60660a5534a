package io.smsgate.local.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * What End User Messaging's configuration-set event destination does, for the local outbox: each text
 * sent becomes one SMS event on DeliveryEventsTopic, in the service's shape ({@code eventType},
 * {@code eventVersion}, {@code eventTimestamp}, {@code isFinal}, {@code originationPhoneNumber},
 * {@code destinationPhoneNumber}, {@code messageId}, {@code messageStatus}, {@code context} ...). Every
 * text is {@code TEXT_DELIVERED}, unless its destination starts with a prefix set {@link #failing}.
 */
public final class DeliveryEvents implements Consumer<SmsOutbox.Text> {
    public static final String TOPIC = "DeliveryEventsTopic";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SnsClient sns;
    private final String topicArn;
    private final java.util.Map<String, String> failing = new java.util.concurrent.ConcurrentHashMap<>();

    public DeliveryEvents(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    /** Texts to numbers starting with {@code prefix} end in {@code eventType} (e.g. TEXT_CARRIER_UNREACHABLE). */
    public DeliveryEvents failing(String prefix, String eventType) {
        failing.put(prefix, eventType);
        return this;
    }

    /** The event End User Messaging would publish for {@code text} ending in {@code eventType}. */
    public static String event(SmsOutbox.Text text, String eventType, Instant at) {
        ObjectNode event = JSON.createObjectNode()
                .put("eventType", eventType)
                .put("eventVersion", "1.0")
                .put("eventTimestamp", at.toEpochMilli())
                .put("isFinal", true)
                .put("originationPhoneNumber", text.originationIdentity())
                .put("destinationPhoneNumber", text.destination())
                .put("isInternationalSend", false)
                .put("messageId", text.messageId())
                .put("messageRequestTimestamp", text.receivedAt().toEpochMilli())
                .put("messageEncoding", "GSM")
                .put("messageType", text.messageType() == null ? "TRANSACTIONAL" : text.messageType())
                .put("messageStatus", eventType.substring("TEXT_".length()))
                .put("messageStatusDescription", "local stand-in")
                .put("totalMessageParts", 1)
                .put("totalMessagePrice", 0.0)
                .put("totalCarrierFee", 0.0);
        ObjectNode context = event.putObject("context");
        text.context().forEach(context::put);
        return event.toString();
    }

    @Override
    public void accept(SmsOutbox.Text text) {
        String type = failing.entrySet().stream().filter(e -> text.destination().startsWith(e.getKey())).map(java.util.Map.Entry::getValue)
                .findFirst().orElse("TEXT_DELIVERED");
        sns.publish(r -> r.topicArn(topicArn).message(event(text, type, Instant.now())));
    }
}
