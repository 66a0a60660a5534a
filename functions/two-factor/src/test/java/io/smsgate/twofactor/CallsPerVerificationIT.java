package io.smsgate.twofactor;

import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What one verification costs, measured at the wire: every DynamoDB, SNS and End User Messaging call
 * of a start, its send and a successful check, with a warm policy cache. Printed for the README, and
 * pinned, so a change that adds a call is a conscious one.
 */
@ExtendWith(AwsEmulatorExtension.class)
class CallsPerVerificationIT {
    @Test
    void aLoginVerificationFromStartToApproval(AwsEmulator emulator, Stack stack) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            TwoFactorStack twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0),
                    // The production cache life (30 s), whatever the local stack uses, so the cache stays warm here.
                    Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString(), "POLICY_CACHE_SECONDS", "30"),
                    TwoFactorStack.randomIds(), UnaryOperator.identity())
                    .withCodesAllowed();
            // Warm the policy caches (one BatchGetItem per country per 30 s per execution environment).
            twoFactor.start("{\"phone\":\"+447700900999\",\"purpose\":\"LOGIN\"}");
            twoFactor.deliverSends();
            twoFactor.outbox().clear();
            twoFactor.clock.advance(Duration.ofSeconds(1));

            proxy.clear();
            String id = twoFactor.startLogin();
            List<String> start = proxy.calls();
            proxy.clear();
            twoFactor.deliverSends();
            List<String> send = proxy.calls();
            int texts = twoFactor.texts().size();
            proxy.clear();
            VerificationLifecycleIT.assertCheck(twoFactor.check(id, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
            List<String> check = proxy.calls();

            System.out.printf("calls per verification (start + send + successful check), warm policy cache:%n"
                    + "  start %d: %s%n  send  %d + %d SendTextMessage: %s%n  check %d: %s%n",
                    start.size(), start, send.size(), texts, send, check.size(), check);

            assertThat(start).containsExactly(
                    "DynamoDB.GetItem VerificationsTable",
                    "DynamoDB.GetItem CountersTable",
                    "DynamoDB.GetItem CountersTable",
                    "DynamoDB.GetItem CountersTable",
                    // The number's failed checks in a row (no code to a locked number).
                    "DynamoDB.GetItem VerificationsTable",
                    // The pumping guard: the prefix's and the country's windows and trips, one read.
                    "DynamoDB.BatchGetItem CountersTable",
                    "DynamoDB.TransactWriteItems VerificationsTable",
                    "SNS.Publish");
            assertThat(send).containsExactly(
                    "DynamoDB.PutItem CountersTable",
                    "DynamoDB.GetItem VerificationsTable",
                    "DynamoDB.GetItem OptOutsTable",
                    // The pacing slot (pace#), then the three budgets.
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem VerificationsTable",
                    // The code was accepted: counted as sent for its prefix and its country (the pumping guard).
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem VerificationsTable",
                    "DynamoDB.UpdateItem CountersTable");
            assertThat(texts).isEqualTo(1);
            assertThat(check).containsExactly(
                    "DynamoDB.GetItem VerificationsTable",
                    // Reserve the attempt on the number, approve, end the number's run of failures.
                    "DynamoDB.UpdateItem VerificationsTable",
                    "DynamoDB.UpdateItem VerificationsTable",
                    "DynamoDB.UpdateItem VerificationsTable",
                    // A conversion for the prefix and the country (PutMessageFeedback goes to End User Messaging).
                    "DynamoDB.UpdateItem CountersTable",
                    "DynamoDB.UpdateItem CountersTable");
            assertThat(twoFactor.outbox().feedback()).hasSize(1);
        }
    }
}
