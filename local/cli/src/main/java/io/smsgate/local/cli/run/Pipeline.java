package io.smsgate.local.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The deployed wiring, on one machine: every SNS subscription of every function in template.yaml
 * becomes an SQS queue subscribed to its topic with the template's own filter policy, so the
 * emulator's SNS does the routing; each message that arrives is handed to its function's handler the
 * way Lambda's SNS trigger would (an asynchronous invoke: on an error, two retries, then the function's
 * on-failure destination). A function with an SQS event source reads the template's own queue, fed
 * by the template's own subscriptions, in batches, the way Lambda's event source does (batch item
 * failures stay on the queue). Runs until no queue has anything left.
 */
public final class Pipeline implements AutoCloseable {
    public static final int MAX_ATTEMPTS = 3;

    /**
     * One function subscribed to one topic: through a queue of the pipeline's own (an SNS trigger), or
     * through the template's queue ({@code queued}: an SQS event source, its batch size and maximum
     * concurrency; the queue's redrive policy names the dead-letter queue).
     */
    public record Subscription(String function, String topic, String queueUrl, String deadLetterQueueUrl,
                                HandlerInvoker handler, boolean queued, String queueArn, int batchSize, int maxConcurrency) {
        public Subscription(String function, String topic, String queueUrl, String deadLetterQueueUrl, HandlerInvoker handler) {
            this(function, topic, queueUrl, deadLetterQueueUrl, handler, false, null, 1, 1);
        }
    }

    /** What one delivery did: which function ran on which topic's message, and with what outcome. */
    public record Hop(String topic, String function, String messageType, int attempts, String error, boolean deadLettered,
               Duration took) {
    }

    private final Stack stack;
    private final List<Subscription> subscriptions = new ArrayList<>();
    private final BiFunction<String, Environment, Environment> environments;

    public Pipeline(Stack stack) {
        this(stack, (function, environment) -> environment);
    }

    /**
     * {@code environments}: what each function is built with, given its name and the template's
     * environment (the soak adds its fault-injecting client interceptors here).
     */
    public Pipeline(Stack stack, BiFunction<String, Environment, Environment> environments) {
        this.stack = stack;
        this.environments = environments;
        for (CloudFormationTemplate.Resource function : stack.template().functions()) {
            Map<String, Object> events = function.map("Events");
            for (Object value : events.values()) {
                Map<String, Object> event = CloudFormationTemplate.cast((Map<?, ?>) value);
                Map<String, Object> properties = CloudFormationTemplate.cast((Map<?, ?>) event.get("Properties"));
                if ("SNS".equals(event.get("Type"))) {
                    subscriptions.add(subscribe(function, properties));
                } else if ("SQS".equals(event.get("Type"))) {
                    subscriptions.add(consume(function, properties));
                }
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

    /**
     * An SQS event source on a queue of the template: the queue and the topic subscriptions that feed it
     * are created as the template declares them (filter policy, raw delivery, redrive policy).
     */
    private Subscription consume(CloudFormationTemplate.Resource function, Map<String, Object> properties) {
        String queueLogicalId = logicalId(properties.get("Queue"));
        String queueUrl = stack.physicalId(queueLogicalId);
        String queueArn = stack.sqs().getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String topic = "?";
        for (CloudFormationTemplate.Resource resource : stack.template().resources().values()) {
            if ("AWS::SNS::Subscription".equals(resource.type()) && resource.property("Endpoint").isPresent()
                    && queueLogicalId.equals(logicalIdOrNull(resource.property("Endpoint").get()))) {
                stack.physicalId(resource.logicalId());
                topic = logicalId(resource.property("TopicArn").orElseThrow());
            }
        }
        CloudFormationTemplate.Resource queue = stack.template().resource(queueLogicalId).orElseThrow();
        String deadLetters = queue.property("RedrivePolicy").filter(Map.class::isInstance)
                .map(policy -> ((Map<?, ?>) policy).get("deadLetterTargetArn"))
                .map(target -> stack.physicalId(logicalId(target))).orElse(null);
        int batchSize = Integer.parseInt(String.valueOf(properties.getOrDefault("BatchSize", "10")));
        Object scaling = properties.get("ScalingConfig");
        int concurrency = scaling instanceof Map<?, ?> map && map.get("MaximumConcurrency") != null
                ? Integer.parseInt(parameterOrLiteral(map.get("MaximumConcurrency"))) : 2;
        HandlerInvoker handler = executionEnvironment(function.logicalId());
        return new Subscription(function.logicalId(), topic, queueUrl, deadLetters, handler, true, queueArn, batchSize, concurrency);
    }

    /** A number in the template, written as it is or as {@code !Ref} to a parameter (this stack's value). */
    private String parameterOrLiteral(Object value) {
        if (value instanceof Map<?, ?> ref && ref.get("Ref") instanceof String parameter) {
            return stack.parameter(parameter).orElseThrow(() -> new IllegalArgumentException("template.yaml has no parameter " + parameter));
        }
        return String.valueOf(value);
    }

    /** A new execution environment of a function: its handler built from the template's environment (a cold start). */
    public HandlerInvoker executionEnvironment(String function) {
        return HandlerInvoker.create(stack.handler(function),
                environments.apply(function, new Environment(stack.functionEnvironment(function))));
    }

    private static String logicalIdOrNull(Object reference) {
        try {
            return logicalId(reference);
        } catch (IllegalArgumentException e) {
            return null;
        }
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
    public List<Subscription> subscriptions() {
        return List.copyOf(subscriptions);
    }

    List<String> functions() {
        return subscriptions.stream().map(s -> s.function() + " <- " + s.topic()).toList();
    }

    /**
     * Delivers until every subscription queue is empty (a queue behind an SQS event source also has
     * nothing in flight, such as a message backing off), reporting each hop as it completes. Returns the
     * hops in order.
     */
    List<Hop> runUntilQuiet(Consumer<Hop> onHop) {
        List<Hop> hops = new ArrayList<>();
        long idleSince = System.nanoTime();
        while (true) {
            boolean delivered = false;
            for (Subscription subscription : subscriptions) {
                List<Message> batch = stack.sqs().receiveMessage(r -> r.queueUrl(subscription.queueUrl())
                        .maxNumberOfMessages(Math.min(10, subscription.batchSize())).waitTimeSeconds(0)
                        .messageAttributeNames("All").messageSystemAttributeNamesWithStrings("All")).messages();
                if (batch.isEmpty()) {
                    continue;
                }
                delivered = true;
                List<Hop> done = subscription.queued() ? deliverBatch(subscription, batch) : batch.stream().map(message -> {
                    Hop hop = deliver(subscription, message);
                    stack.sqs().deleteMessage(r -> r.queueUrl(subscription.queueUrl()).receiptHandle(message.receiptHandle()));
                    return hop;
                }).toList();
                for (Hop hop : done) {
                    hops.add(hop);
                    onHop.accept(hop);
                }
            }
            if (delivered) {
                idleSince = System.nanoTime();
                continue;
            }
            if (!inFlight() || System.nanoTime() - idleSince > Duration.ofSeconds(120).toNanos()) {
                return hops;
            }
            pause(Duration.ofMillis(200));
        }
    }

    /** A message of a queued subscription is backing off (it comes back by itself). */
    private boolean inFlight() {
        for (Subscription subscription : subscriptions) {
            if (subscription.queued()) {
                String hidden = stack.sqs().getQueueAttributes(r -> r.queueUrl(subscription.queueUrl())
                                .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                        .attributes().get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
                if (hidden != null && Long.parseLong(hidden) > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * One batch, as Lambda's SQS event source hands it over: the records the handler reports as failed
     * stay on the queue (the handler set when they come back), the rest are deleted; after the queue's
     * maxReceiveCount the queue itself moves a message to its dead-letter queue.
     */
    public List<Hop> deliverBatch(Subscription subscription, List<Message> batch) {
        return deliverBatch(subscription, subscription.handler(), batch);
    }

    /** The same, to one of several execution environments of the function ({@code handler}: one of them). */
    public List<Hop> deliverBatch(Subscription subscription, HandlerInvoker handler, List<Message> batch) {
        long start = System.nanoTime();
        SqsEvent event = sqsEvent(batch, subscription);
        java.util.Set<String> failed = new java.util.HashSet<>();
        String error = null;
        try {
            SqsBatchResponse response = handler.invoke(event, SqsBatchResponse.class, new LocalContext(subscription.function(), 30, 1024));
            failed.addAll(response.failedIds());
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            batch.forEach(m -> failed.add(m.messageId()));
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        List<Hop> hops = new ArrayList<>();
        for (Message message : batch) {
            boolean retry = failed.contains(message.messageId());
            if (!retry) {
                stack.sqs().deleteMessage(r -> r.queueUrl(subscription.queueUrl()).receiptHandle(message.receiptHandle()));
            }
            hops.add(new Hop(subscription.topic(), subscription.function(), messageType(message.body()), 1,
                    retry ? (error == null ? "put back for later" : error) : null, false, took));
        }
        return hops;
    }

    /** The SQS event Lambda would build from a batch received from a queued subscription's queue. */
    public static SqsEvent sqsEvent(List<Message> batch, Subscription subscription) {
        List<SqsEvent.Message> records = new ArrayList<>();
        for (Message message : batch) {
            Map<String, String> attributes = new HashMap<>(message.attributesAsStrings());
            attributes.putIfAbsent(SqsEvent.Message.APPROXIMATE_RECEIVE_COUNT, "1");
            Map<String, SqsEvent.MessageAttribute> messageAttributes = new HashMap<>();
            message.messageAttributes().forEach((name, value) ->
                    messageAttributes.put(name, new SqsEvent.MessageAttribute(value.stringValue(), value.dataType())));
            records.add(new SqsEvent.Message(message.messageId(), message.receiptHandle(), message.body(), attributes,
                    messageAttributes, "aws:sqs", subscription.queueArn(), "us-east-1"));
        }
        return new SqsEvent(records);
    }

    /** A handler's answer that asks for some records again. */
    public static boolean anyFailed(SqsBatchResponse response) {
        return !response.batchItemFailures().isEmpty();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Hop deliver(Subscription subscription, Message message) {
        JsonNode envelope = Json.tree(message.body());
        SnsEvent event = snsEvent(envelope, subscription);
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
    public static String messageType(String message) {
        try {
            JsonNode body = Json.tree(message);
            return body.has("type") ? body.path("type").asText() : body.has("inboundMessageId") ? "TwoWaySms"
                    : body.has("eventType") ? body.path("eventType").asText() : "?";
        } catch (RuntimeException e) {
            return "not JSON";
        }
    }

    /** The SNS event Lambda would build from this delivery. */
    public static SnsEvent snsEvent(JsonNode envelope, Subscription subscription) {
        Map<String, SnsEvent.MessageAttribute> attributes = new HashMap<>();
        envelope.path("MessageAttributes").fields().forEachRemaining(field -> attributes.put(field.getKey(),
                new SnsEvent.MessageAttribute(field.getValue().path("Type").asText(), field.getValue().path("Value").asText())));
        SnsEvent.Notification sns = new SnsEvent.Notification(envelope.path("Type").asText("Notification"),
                envelope.path("MessageId").asText(), envelope.path("TopicArn").asText(), envelope.path("Message").asText(),
                envelope.path("Timestamp").asText(), attributes);
        return SnsEvent.of(envelope.path("TopicArn").asText() + ":local-" + subscription.function(), sns);
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
