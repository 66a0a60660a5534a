package io.smsgate.shared.lambda;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The event Lambda's SQS event source hands a function: {@code Records[]} with camel-case keys
 * ({@code messageId}, {@code receiptHandle}, {@code body}, {@code attributes},
 * {@code messageAttributes}, {@code eventSource}, {@code eventSourceARN}, {@code awsRegion}). Only
 * the fields smsgate reads (and the harness writes); every other one is ignored.
 */
public record SqsEvent(@JsonProperty("Records") List<Message> records) {
    public SqsEvent {
        records = records == null ? List.of() : records;
    }

    /**
     * One message. {@code attributes} are the system attributes, all strings
     * ({@code ApproximateReceiveCount}, {@code SentTimestamp}, ...).
     */
    public record Message(String messageId,
                          String receiptHandle,
                          String body,
                          Map<String, String> attributes,
                          Map<String, MessageAttribute> messageAttributes,
                          String eventSource,
                          @JsonProperty("eventSourceARN") String eventSourceArn,
                          String awsRegion) {
        public static final String APPROXIMATE_RECEIVE_COUNT = "ApproximateReceiveCount";
        public static final String SENT_TIMESTAMP = "SentTimestamp";

        public Message {
            attributes = attributes == null ? Map.of() : attributes;
            messageAttributes = messageAttributes == null ? Map.of() : messageAttributes;
        }

        /** How many times SQS has handed this message out, this time included; 1 when absent or not a number. */
        public int receiveCount() {
            try {
                return Integer.parseInt(attributes.getOrDefault(APPROXIMATE_RECEIVE_COUNT, "1"));
            } catch (NumberFormatException e) {
                return 1;
            }
        }
    }

    /** A user message attribute ({@code dataType} String, Number or Binary; only string values are read). */
    public record MessageAttribute(String stringValue, String dataType) {
    }
}
