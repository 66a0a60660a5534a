package io.smsgate.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Everything published to one topic: an SQS queue subscribed without a filter, read back as the SNS
 * envelope (body and message attributes). What the emulator's SNS delivered is what a subscriber saw.
 */
public final class TopicTap {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String topicLogicalId;
    private final SqsClient sqs;
    private final String queueUrl;
    private final boolean asynchronous;
    private final List<Published> received = new ArrayList<>();

    TopicTap(String topicLogicalId, SqsClient sqs, String queueUrl, boolean asynchronous) {
        this.topicLogicalId = topicLogicalId;
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.asynchronous = asynchronous;
    }

    /** One message as a subscriber received it. */
    public record Published(String topic, String body, Map<String, String> attributes) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("published body is not JSON: " + body, e);
            }
        }
    }

    public String topic() {
        return topicLogicalId;
    }

    /**
     * All messages published so far. With an emulator that delivers asynchronously, waits until no new
     * message has arrived for a short quiet period, so "nothing was published" can be asserted too.
     */
    public synchronized List<Published> messages() {
        Duration quiet = asynchronous ? Duration.ofMillis(1500) : Duration.ZERO;
        long quietUntil = System.nanoTime() + quiet.toNanos();
        do {
            if (drain() > 0) {
                quietUntil = System.nanoTime() + quiet.toNanos();
            } else if (asynchronous) {
                pause();
            }
        } while (System.nanoTime() < quietUntil);
        return List.copyOf(received);
    }

    /** Waits up to {@code timeout} for at least {@code count} messages. */
    public synchronized List<Published> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        drain();
        while (received.size() < count && System.nanoTime() < deadline) {
            pause();
            drain();
        }
        return List.copyOf(received);
    }

    private int drain() {
        int total = 0;
        while (true) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
            if (batch.isEmpty()) {
                return total;
            }
            for (Message message : batch) {
                received.add(parse(message.body()));
                sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
            total += batch.size();
        }
    }

    private Published parse(String envelope) {
        try {
            JsonNode node = JSON.readTree(envelope);
            Map<String, String> attributes = new LinkedHashMap<>();
            JsonNode attrs = node.path("MessageAttributes");
            attrs.fieldNames().forEachRemaining(name -> attributes.put(name, attrs.path(name).path("Value").asText()));
            return new Published(topicLogicalId, node.path("Message").asText(), attributes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not an SNS envelope: " + envelope, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
