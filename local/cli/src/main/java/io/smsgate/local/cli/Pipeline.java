package io.smsgate.local.cli;

import com.amazonaws.services.lambda.runtime.events.SNSEvent;
import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.joda.time.DateTime;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed wiring, on one machine: every SNS subscription of every function in template.yaml
 * becomes an SQS queue subscribed to its topic with the template's own filter policy, so the
 * emulator's SNS does the routing; each message that arrives is handed to its function's handler the
 * way Lambda's SNS trigger would (an asynchronous invoke: on an error, two retries, then the function's
 * on-failure destination). Runs until no queue has anything left.
 */
final class Pipeline implements AutoCloseable {
    static final int MAX_ATTEMPTS = 3;

    /** One function subscribed to one topic. */
    record Subscription(String function, String topic, String queueUrl, String deadLetterQueueUrl,
                                HandlerInvoker handler) {
    }

    /** What one delivery did: which function ran on which topic's message, and with what outcome. */
    record Hop(String topic, String function, String messageType, int attempts, String error, boolean deadLettered,
               Duration took) {
    }

    private final Stack stack;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final BiFunction<String, Environment, Environment> environments;

    Pipeline(Stack stack) {
        this(stack, (function, environment) -> environment);
    }

    /**
     * {@code environments}: what each function is built with, given its name and the template's
     * environment (the soak adds its fault-injecting client interceptors here).
     */
    Pipeline(Stack stack, BiFunction<String, Environment, Environment> environments) {
        this.stack = stack;
        this.environments = environments;
        for (CloudFormationTemplate.Resource function : stack.template().functions()) {
            Map<String, Object> events = function.map("Events");
            for (Object value : events.values()) {
                Map<String, Object> event = CloudFormationTemplate.cast((Map<?, ?>) value);
                if (!"SNS".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> properties = CloudFormationTemplate.cast((Map<?, ?>) event.get("Properties"));
                subscriptions.add(subscribe(function, properties));
            }
        }
    }

    private Subscription subscribe(CloudFormationTemplate.Resource function, Map<String, Object> properties) {
        String topicLogicalId = logicalId(properties.get("Topic"));
        String topicArn = stack.physicalId(topicLogicalId);
        String queueName = stack.name() + "-" + function.logicalId() + "-" + topicLogicalId;
        String queueUrl = stack.sqs().createQueue(r -> r.queueName(queueName)).queueUrl();
        String queueArn = stack.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<String, String> attributes = new HashMap<>();
        if (properties.get("FilterPolicy") != null) {
            attributes.put("FilterPolicy", Json.write(properties.get("FilterPolicy")));
            attributes.put("FilterPolicyScope", String.valueOf(properties.getOrDefault("FilterPolicyScope", "MessageAttributes")));
        }
        // A stack the running emulator keeps is subscribed once, by the first pipeline that runs on it.
        boolean subscribed = stack.sns().listSubscriptionsByTopicPaginator(r -> r.topicArn(topicArn)).subscriptions().stream()
                .anyMatch(existing -> queueArn.equals(existing.endpoint()));
        if (!subscribed) {
            stack.sns().subscribe(SubscribeRequest.builder().topicArn(topicArn).protocol("sqs").endpoint(queueArn)
                    .attributes(attributes).build());
        }
        HandlerInvoker handler = HandlerInvoker.create(stack.handler(function.logicalId()),
                environments.apply(function.logicalId(), new Environment(stack.functionEnvironment(function.logicalId()))));
        return new Subscription(function.logicalId(), topicLogicalId, queueUrl, deadLetterQueue(function), handler);
    }

    /** The queue behind EventInvokeConfig.DestinationConfig.OnFailure, when the function has one. */
    private String deadLetterQueue(CloudFormationTemplate.Resource function) {
        Map<String, Object> config = function.map("EventInvokeConfig");
        Object destination = config.get("DestinationConfig") instanceof Map<?, ?> d && d.get("OnFailure") instanceof Map<?, ?> f
                ? f.get("Destination") : null;
        return destination == null ? null : stack.physicalId(logicalId(destination));
    }

    private static String logicalId(Object reference) {
        if (reference instanceof Map<?, ?> map) {
            Object ref = map.get("Ref");
            if (ref != null) {
                return String.valueOf(ref);
            }
            Object getAtt = map.get("Fn::GetAtt");
            if (getAtt instanceof List<?> parts) {
                return String.valueOf(parts.getFirst());
            }
        }
        throw new IllegalArgumentException("expected !Ref or !GetAtt to a resource, got " + reference);
    }

    /** Every function's subscription, in template order (for deliveries other than {@link #runUntilQuiet}). */
    List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    List<String> functions() {
        return subscriptions.stream().map(s -> s.function() + " <- " + s.topic()).toList();
    }

    /**
     * Delivers until every subscription queue is empty, reporting each hop as it completes. Returns the
     * hops in order.
     */
    List<Hop> runUntilQuiet(Consumer<Hop> onHop) {
        List<Hop> hops = new ArrayList<>();
        boolean delivered;
        do {
            delivered = false;
            for (Subscription subscription : subscriptions) {
                List<Message> batch = stack.sqs().receiveMessage(r -> r.queueUrl(subscription.queueUrl())
                        .maxNumberOfMessages(10).waitTimeSeconds(0)).messages();
                for (Message message : batch) {
                    Hop hop = deliver(subscription, message);
                    stack.sqs().deleteMessage(r -> r.queueUrl(subscription.queueUrl()).receiptHandle(message.receiptHandle()));
                    hops.add(hop);
                    onHop.accept(hop);
                    delivered = true;
                }
            }
        } while (delivered);
        return hops;
    }

    private Hop deliver(Subscription subscription, Message message) {
        JsonNode envelope = Json.tree(message.body());
        SNSEvent event = snsEvent(envelope, subscription);
        String type = messageType(envelope.path("Message").asText(""));
        long start = System.nanoTime();
        String error = null;
        int attempt = 0;
        while (attempt < MAX_ATTEMPTS) {
            attempt++;
            try {
                subscription.handler().invoke(event, new LocalContext(subscription.function(), 15, 1024));
                error = null;
                break;
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        boolean deadLettered = false;
        if (error != null && subscription.deadLetterQueueUrl() != null) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("requestContext", Map.of("functionArn", subscription.function(), "condition", "RetriesExhausted",
                    "approximateInvokeCount", attempt));
            failure.put("responseContext", Map.of("functionError", "Unhandled"));
            failure.put("error", error);
            failure.put("event", Json.mapper().convertValue(envelope, Map.class));
            String body = Json.write(failure);
            stack.sqs().sendMessage(r -> r.queueUrl(subscription.deadLetterQueueUrl()).messageBody(body));
            deadLettered = true;
        }
        return new Hop(subscription.topic(), subscription.function(), type, attempt, error, deadLettered,
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Our messages name their type; End User Messaging's two-way payload does not. */
    static String messageType(String message) {
        try {
            JsonNode body = Json.tree(message);
            return body.has("type") ? body.path("type").asText() : body.has("inboundMessageId") ? "TwoWaySms"
                    : body.has("eventType") ? body.path("eventType").asText() : "?";
        } catch (RuntimeException e) {
            return "not JSON";
        }
    }

    /** The SNS event Lambda would build from this delivery. */
    static SNSEvent snsEvent(JsonNode envelope, Subscription subscription) {
        Map<String, SNSEvent.MessageAttribute> attributes = new HashMap<>();
        envelope.path("MessageAttributes").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                new SNSEvent.MessageAttribute().withType(field.getValue().path("Type").asText())
                        .withValue(field.getValue().path("Value").asText())));
        SNSEvent.SNS sns = new SNSEvent.SNS()
                .withType(envelope.path("Type").asText("Notification"))
                .withMessageId(envelope.path("MessageId").asText())
                .withTopicArn(envelope.path("TopicArn").asText())
                .withMessage(envelope.path("Message").asText())
                .withTimestamp(DateTime.parse(envelope.path("Timestamp").asText()))
                .withSignatureVersion(envelope.path("SignatureVersion").asText("1"))
                .withMessageAttributes(attributes);
        SNSEvent.SNSRecord record = new SNSEvent.SNSRecord()
                .withEventSource("aws:sns")
                .withEventVersion("1.0")
                .withEventSubscriptionArn(envelope.path("TopicArn").asText() + ":local-" + subscription.function())
                .withSns(sns);
        return new SNSEvent().withRecords(List.of(record));
    }

    /** New messages on every topic since the last call: what the last hops published. */
    static Map<String, List<TopicTap.Published>> drain(Stack stack, Map<String, Integer> seen) {
        Map<String, List<TopicTap.Published>> fresh = new LinkedHashMap<>();
        stack.taps().forEach((topic, tap) -> {
            List<TopicTap.Published> all = tap.messages();
            int from = seen.getOrDefault(topic, 0);
            if (all.size() > from) {
                fresh.put(topic, all.subList(from, all.size()));
            }
            seen.put(topic, all.size());
        });
        return fresh;
    }

    @Override
    public void close() {
        // Queues and subscriptions belong to the stack; nothing else to release.
    }
}
