package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.RecordingProxy;
import io.smsgate.local.emulator.Stack;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one reply costs SendSmsFunction, measured at the wire (a code's send is pinned in
 * {@link CallsPerVerificationIT}), and what a reservation costs once the rate binds: a burst is drained
 * at executions ÷ the time one send takes, and that time is mostly these calls. Pinned, so a change
 * that adds a call is a conscious one.
 */
@ExtendWith(AwsEmulatorExtension.class)
class CallsPerSendIT {
    @Test
    void aReplyIsFiveDynamoDbCalls(AwsEmulator emulator, Stack stack) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            TwoFactorStack twoFactor = twoFactor(stack, proxy);
            // Warm the policy cache (one BatchGetItem per country per 30 s per execution environment).
            send(twoFactor, "warm");
            proxy.clear();

            send(twoFactor, "reply");

            assertThat(twoFactor.texts()).hasSize(2);
            assertThat(proxy.calls()).containsExactly(
                    // The request's claim.
                    "DynamoDB.PutItem CountersTable",
                    // The number's opt-out and the loop guard's previous window: one read.
                    "DynamoDB.BatchGetItem CountersTable+OptOutsTable",
                    // The pacing slot (pace#).
                    "DynamoDB.UpdateItem CountersTable",
                    // The loop guard's count and the two reply budgets, counted together.
                    "DynamoDB.TransactWriteItems CountersTable",
                    // Sent: the claim completed.
                    "DynamoDB.UpdateItem CountersTable");
        }
    }

    @Test
    void onceTheRateBindsEachReservationIsOneWrite(AwsEmulator emulator, Stack stack) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            // The clock stands still, so after the first send the bucket's next slot always lies ahead of now:
            // the state a burst drained at the rate keeps it in.
            TwoFactorStack twoFactor = twoFactor(stack, proxy);
            send(twoFactor, "first");
            for (int i = 1; i <= 3; i++) {
                proxy.clear();
                send(twoFactor, "busy-" + i);
                assertThat(proxy.calls().stream().filter("DynamoDB.UpdateItem CountersTable"::equals))
                        .as("send %d: its slot and its claim completed; no write refused for a bucket assumed idle", i)
                        .hasSize(2);
            }
            assertThat(twoFactor.texts()).hasSize(4);
        }
    }

    @Test
    void aReplyBehindQueuedCodesMakesNoDynamoDbCall(AwsEmulator emulator, Stack stack) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            TwoFactorStack twoFactor = twoFactor(stack, proxy);
            String codeQueue = stack.physicalId("CodeSendQueue");
            stack.sqs().sendMessageBatch(r -> r.queueUrl(codeQueue).entries(java.util.stream.IntStream.range(0, 10)
                    .mapToObj(i -> software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry.builder()
                            .id("code-" + i).messageBody("{}").build()).toList()));
            proxy.clear();

            List<?> failed = TwoFactorStack.invoke(twoFactor.sender,
                    TwoFactorStack.sqs(SendPacingIT.notice("behind-codes", twoFactor.clock.instant())), TwoFactorStack.context())
                    .batchItemFailures();

            assertThat(failed).as("put back: the codes outlast the execution").hasSize(1);
            assertThat(proxy.calls()).as("no claim, no reads, no slot while codes wait in their queue: the codes' emulator "
                    + "and table capacity are theirs").noneMatch(call -> call.startsWith("DynamoDB."))
                    .contains("AmazonSQS.GetQueueAttributes");
            assertThat(twoFactor.texts()).isEmpty();
        }
    }

    private static TwoFactorStack twoFactor(Stack stack, RecordingProxy proxy) {
        return new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0.plusSeconds(1)),
                // The production cache life (30 s), whatever the local stack uses, so the cache stays warm here.
                Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(), "POLICY_CACHE_SECONDS", "30", "SEND_RATE_PER_SECOND", "10"),
                TwoFactorStack.randomIds(), UnaryOperator.identity()).withCodesAllowed();
    }

    private static void send(TwoFactorStack twoFactor, String requestId) {
        List<?> failed = TwoFactorStack.invoke(twoFactor.sender,
                TwoFactorStack.sqs(SendPacingIT.notice(requestId, twoFactor.clock.instant())), TwoFactorStack.context()).batchItemFailures();
        assertThat(failed).isEmpty();
    }
}
