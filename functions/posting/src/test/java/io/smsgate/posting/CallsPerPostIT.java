package io.smsgate.posting;

import static io.smsgate.posting.TestAccounts.PIN;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.inbound.InboundSmsHandler;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.RecordingProxy;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import io.smsgate.policy.CountryPolicyHandler;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one successful post costs, measured at the wire: every DynamoDB and SNS call of the three
 * functions a text passes (InboundSmsFunction, CountryPolicyFunction, PostingFunction), with a warm
 * policy cache, a linked account with a PIN, and a confirmation off. Printed for the docs, and pinned,
 * so a change that adds a call is a conscious one.
 */
@ExtendWith(AwsEmulatorExtension.class)
class CallsPerPostIT {
    private static final String INBOUND_NUMBER = "+12065550100";

    @Test
    void aPostWithAPinFromTextToPostCreated(AwsEmulator emulator, Stack stack) throws Exception {
        Instant now = Instant.now();
        new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable")).save(new CountryPolicy("GB",
                Feature.ENABLED, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, 5, 1000,
                "test", null, null, 0).savedBy("test", now));
        new TestAccounts(stack).postingWithPin(now.minus(Duration.ofDays(2)), false);

        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            Map<String, String> wire = Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(), "POLICY_CACHE_SECONDS", "30");
            InboundSmsHandler inbound = new InboundSmsHandler(environment(stack, "InboundSmsFunction", wire));
            CountryPolicyHandler policy = new CountryPolicyHandler(environment(stack, "CountryPolicyFunction", wire));
            PostingHandler posting = new PostingHandler(environment(stack, "PostingFunction", wire));

            // Warms the policy cache (one BatchGetItem per country per 30 s per execution environment).
            text(stack, inbound, policy, posting, "calls-warm", PIN + " warming up", now);
            proxy.clear();

            Map<String, List<String>> calls = new LinkedHashMap<>();
            text(stack, inbound, policy, posting, "calls-1", PIN + " Hello", now, proxy, calls);

            List<String> all = calls.values().stream().flatMap(List::stream).toList();
            long dynamo = all.stream().filter(call -> call.startsWith("DynamoDB.")).count();
            System.out.printf("calls per post (InboundSms -> CountryPolicy -> Posting), warm policy cache, PIN: %d DynamoDB%n"
                    + "  InboundSms    %s%n  CountryPolicy %s%n  Posting       %s%n", dynamo,
                    calls.get("InboundSms"), calls.get("CountryPolicy"), calls.get("Posting"));

            assertThat(stack.tap("PostsTopic").messages()).extracting(m -> m.json().path("text").asText()).contains("Hello");
            // A POST is forwarded without a claim: PostingFunction makes it once per inboundMessageId.
            assertThat(calls.get("InboundSms")).containsExactly("SNS.Publish");
            assertThat(calls.get("CountryPolicy")).containsExactly("SNS.Publish");
            assertThat(calls.get("Posting")).containsExactly(
                    // The post (a redelivery?) and the sender's link.
                    "DynamoDB.BatchGetItem PhoneLinksTable+PostsTable",
                    // The guess reserved before PBKDF2 (race-free PIN lock, once per inboundMessageId).
                    "DynamoDB.UpdateItem PhoneLinksTable",
                    // The post, the link still as judged (its run of guesses ended), the account's hourly count.
                    "DynamoDB.TransactWriteItems CountersTable+PhoneLinksTable+PostsTable",
                    "SNS.Publish",
                    // published = true: the post item is its own outbox.
                    "DynamoDB.UpdateItem PostsTable");
            assertThat(dynamo).as("DynamoDB calls per successful post").isLessThanOrEqualTo(4);
        }
    }

    private static Environment environment(Stack stack, String function, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(stack.functionEnvironment(function));
        env.putAll(overrides);
        return new Environment(env);
    }

    private static void text(Stack stack, InboundSmsHandler inbound, CountryPolicyHandler policy, PostingHandler posting,
                             String id, String body, Instant at) {
        text(stack, inbound, policy, posting, id, body, at, null, new LinkedHashMap<>());
    }

    /** One text through the three functions, each fed what the one before published; the calls of each, when recorded. */
    private static void text(Stack stack, InboundSmsHandler inbound, CountryPolicyHandler policy, PostingHandler posting,
                             String id, String body, Instant at, RecordingProxy proxy, Map<String, List<String>> calls) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("originationNumber", TestAccounts.SENDER);
        payload.put("destinationNumber", INBOUND_NUMBER);
        payload.put("messageKeyword", "KEYWORD_123456789012");
        payload.put("messageBody", body);
        payload.put("inboundMessageId", id);
        payload.put("previousPublishedMessageId", "");
        int commands = stack.tap("CommandsTopic").messages().size();
        Invocations.invoke(inbound, event(Json.write(payload), at), new LocalContext("InboundSmsFunction", 15, 1024));
        record(proxy, calls, "InboundSms");
        Published command = stack.tap("CommandsTopic").messages().get(commands);
        int approvals = stack.tap("ApprovedCommandsTopic").messages().size();
        Invocations.invoke(policy, event(command.body(), at), new LocalContext("CountryPolicyFunction", 15, 1024));
        record(proxy, calls, "CountryPolicy");
        Published approved = stack.tap("ApprovedCommandsTopic").messages().get(approvals);
        Invocations.invoke(posting, event(approved.body(), at), new LocalContext("PostingFunction", 15, 1024));
        record(proxy, calls, "Posting");
    }

    private static void record(RecordingProxy proxy, Map<String, List<String>> calls, String function) {
        if (proxy != null) {
            calls.put(function, new ArrayList<>(proxy.calls()));
            proxy.clear();
        }
    }

    /** The SNS event's bytes, as Lambda hands them to the function. */
    private static byte[] event(String message, Instant at) {
        return LambdaEvents.bytes(SnsEvent.of("arn:aws:sns:us-east-1:000000000000:calls:1", SnsEvent.Notification.of(
                "sns-" + at.toEpochMilli() + "-" + message.hashCode(), "arn:aws:sns:us-east-1:000000000000:calls", message, at.toString())));
    }
}
