package io.smsgate.shared.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The event Lambda hands a function subscribed to an SNS topic: {@code Records[].Sns}, with SNS's
 * capitalised keys. Only the fields smsgate reads (and the harness writes); every other one is ignored.
 * The timestamp stays the text SNS sent, read as an {@link Instant} on demand (no date library).
 */
public record SnsEvent(@JsonProperty("Records") List<Record> records) {
    public SnsEvent {
        records = records == null ? List.of() : records;
    }

    /** One delivery: {@code EventSource} is {@code aws:sns}; {@code Sns} is the notification. */
    public record Record(@JsonProperty("EventSource") String eventSource,
                         @JsonProperty("EventVersion") String eventVersion,
                         @JsonProperty("EventSubscriptionArn") String eventSubscriptionArn,
                         @JsonProperty("Sns") Notification sns) {
    }

    /** The notification SNS delivered: its id, topic, message, when it was published, its attributes. */
    public record Notification(@JsonProperty("Type") String type,
                               @JsonProperty("MessageId") String messageId,
                               @JsonProperty("TopicArn") String topicArn,
                               @JsonProperty("Message") String message,
                               @JsonProperty("Timestamp") String timestamp,
                               @JsonProperty("MessageAttributes") Map<String, MessageAttribute> messageAttributes) {
        public Notification {
            messageAttributes = messageAttributes == null ? Map.of() : messageAttributes;
        }

        /** A notification of {@code message} with the given id (the fields a handler reads). */
        public static Notification of(String messageId, String topicArn, String message, String timestamp) {
            return new Notification("Notification", messageId, topicArn, message, timestamp, Map.of());
        }

        /** When SNS published it; null when the event has no timestamp, or one that is not ISO-8601. */
        public Instant publishedAt() {
            if (timestamp == null) {
                return null;
            }
            try {
                return Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** A message attribute: {@code Type} String, Number or Binary, and its {@code Value} as text. */
    public record MessageAttribute(@JsonProperty("Type") String type, @JsonProperty("Value") String value) {
    }

    /** An event of one record per notification, as Lambda builds it for a subscription. */
    public static SnsEvent of(String subscriptionArn, Notification... notifications) {
        return new SnsEvent(java.util.Arrays.stream(notifications)
                .map(sns -> new Record("aws:sns", "1.0", subscriptionArn, sns)).toList());
    }
}
