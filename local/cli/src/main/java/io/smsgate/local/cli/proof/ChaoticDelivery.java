package io.smsgate.local.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.run.Pipeline;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.port.TransientFaultException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Delivers the pipeline's messages the way AWS may: every message that reaches a function's
 * subscription is delivered 1 to 3 times, all pending deliveries in a seeded shuffled order, and a
 * failed invocation is retried the way Lambda retries an asynchronous (SNS) invoke: two more times,
 * later (in a later round, shuffled among the others), then the function's on-failure destination.
 * Every invocation's failure is classified: a declared transient fault (an injected fault in its
 * causes, or a {@link TransientFaultException}) or a crash (anything else).
 */
final class ChaoticDelivery {
    /** One failed invocation. */
    record Failure(String function, String messageType, int attempt, String error, boolean injected, boolean crash) {
    }

    /**
     * A message that ran out of retries and went to the function's dead-letter queue; {@code injected}:
     * an injected fault in at least one of its attempts.
     */
    record DeadLetter(String function, String messageType, String message, List<String> errors, boolean injected) {
    }

    /** One copy of a message on its way to a function, and the errors of its attempts so far. */
    private record Delivery(Pipeline.Subscription subscription, JsonNode envelope, int attempt, List<String> errors) {
    }

    private final Stack stack;
    private final Pipeline pipeline;
    private final Random random;
    private final int maxCopies;
    private final List<Failure> failures = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private long invocations;
    private long messages;

    ChaoticDelivery(Stack stack, Pipeline pipeline, Random random, int maxCopies) {
        if (maxCopies < 1) {
            throw new IllegalArgumentException("at least one copy of each message");
        }
        this.stack = stack;
        this.pipeline = pipeline;
        this.random = random;
        this.maxCopies = maxCopies;
    }

    /** Delivers until no subscription queue has anything and no retry is due. */
    void runUntilQuiet() {
        List<Delivery> retries = new ArrayList<>();
        while (true) {
            List<Delivery> round = new ArrayList<>(retries);
            retries.clear();
            for (Pipeline.Subscription subscription : pipeline.subscriptions()) {
                for (JsonNode envelope : receiveAll(subscription)) {
                    messages++;
                    int copies = 1 + random.nextInt(maxCopies);
                    for (int i = 0; i < copies; i++) {
                        round.add(new Delivery(subscription, envelope, 1, List.of()));
                    }
                }
            }
            if (round.isEmpty()) {
                return;
            }
            Collections.shuffle(round, random);
            for (Delivery delivery : round) {
                deliver(delivery, retries);
            }
        }
    }

    /**
     * Everything waiting for a subscription, as SNS envelopes: a queued subscription's raw message is
     * wrapped in one ({@code Message}, {@code MessageId}), so copies and retries work the same way.
     */
    private List<JsonNode> receiveAll(Pipeline.Subscription subscription) {
        String queueUrl = subscription.queueUrl();
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            List<Message> batch = stack.sqs().receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return all;
            }
            for (Message message : batch) {
                all.add(subscription.queued()
                        ? Json.mapper().createObjectNode().put("Message", message.body()).put("MessageId", message.messageId())
                        : Json.tree(message.body()));
                stack.sqs().deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
            }
        }
    }

    private void deliver(Delivery delivery, List<Delivery> retries) {
        Pipeline.Subscription subscription = delivery.subscription();
        String message = delivery.envelope().path("Message").asText("");
        String type = Pipeline.messageType(message);
        invocations++;
        try {
            if (subscription.queued()) {
                Message record = Message.builder().messageId(delivery.envelope().path("MessageId").asText())
                        .receiptHandle("chaos-" + invocations).body(message).build();
                SqsBatchResponse result = subscription.handler().invoke(Pipeline.sqsEvent(List.of(record), subscription),
                        SqsBatchResponse.class, new LocalContext(subscription.function(), 30, 1024));
                if (Pipeline.anyFailed(result)) {
                    // Put back for later (paced, throttled, a fault): the queue would deliver it again.
                    throw new TransientFaultException("put back for later by " + subscription.function());
                }
                return;
            }
            subscription.handler().invoke(Pipeline.snsEvent(delivery.envelope(), subscription),
                    new LocalContext(subscription.function(), 15, 1024));
            return;
        } catch (RuntimeException e) {
            boolean injected = FaultInjector.injectedIn(e);
            boolean crash = !injected && !declaredTransient(e);
            String error = describe(e);
            failures.add(new Failure(subscription.function(), type, delivery.attempt(), error, injected, crash));
            List<String> errors = new ArrayList<>(delivery.errors());
            errors.add(error);
            if (delivery.attempt() < Pipeline.MAX_ATTEMPTS) {
                retries.add(new Delivery(subscription, delivery.envelope(), delivery.attempt() + 1, List.copyOf(errors)));
                return;
            }
            boolean anyInjected = errors.stream().anyMatch(text -> text.contains(FaultInjector.MARK));
            deadLetters.add(new DeadLetter(subscription.function(), type, message, List.copyOf(errors), anyInjected));
            if (subscription.deadLetterQueueUrl() != null) {
                Map<String, Object> failure = new LinkedHashMap<>();
                failure.put("requestContext", Map.of("functionArn", subscription.function(), "condition", "RetriesExhausted",
                        "approximateInvokeCount", delivery.attempt()));
                failure.put("responseContext", Map.of("functionError", "Unhandled"));
                failure.put("error", error);
                // Not in Lambda's record: every attempt's error, so the audit can explain the dead letter.
                failure.put("attemptErrors", errors);
                failure.put("event", Json.mapper().convertValue(delivery.envelope(), Map.class));
                String body = Json.write(failure);
                stack.sqs().sendMessage(r -> r.queueUrl(subscription.deadLetterQueueUrl()).messageBody(body));
            }
        }
    }

    /** A fault the code declares transient (it throws so the platform retries), with or without an injected cause. */
    static boolean declaredTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientFaultException) {
                return true;
            }
        }
        return false;
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName() + ": " + e.getMessage());
        Throwable cause = e.getCause();
        for (int depth = 0; cause != null && depth < 3; depth++, cause = cause.getCause()) {
            text.append(" <- ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.toString();
    }

    List<Failure> failures() {
        return List.copyOf(failures);
    }

    List<DeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    long invocations() {
        return invocations;
    }

    long messages() {
        return messages;
    }
}
