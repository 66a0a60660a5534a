package io.smsgate.twofactor;

import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.RecordingProxy;
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
 * of a start, its send, a successful check and the check's conversion feedback, with a warm policy
 * cache. Printed for the README, and pinned, so a change that adds a call is a conscious one.
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
            assertThat(twoFactor.outbox().feedback()).as("the check itself calls no End User Messaging API").isEmpty();
            proxy.clear();
            assertThat(twoFactor.deliverSends()).as("the check's MessageFeedback").isEqualTo(1);
            List<String> feedback = proxy.calls();

            System.out.printf("calls per verification (start + send + successful check + its feedback), warm policy cache:%n"
                    + "  start %d: %s%n  send  %d + %d SendTextMessage: %s%n  check %d: %s%n  feedback %d + %d PutMessageFeedback: %s%n",
                    start.size(), start, send.size(), texts, send, check.size(), check, feedback.size(),
                    twoFactor.outbox().feedback().size(), feedback);

            // 11 DynamoDB calls (25 before the reads were batched and the writes of one step made one transaction).
            assertThat(start).containsExactly(
                    // The latest verification's pointer and the number's failed checks in a row (VerificationsTable),
                    // the three code budgets and the pumping guard's windows and trips (CountersTable): one read.
                    "DynamoDB.BatchGetItem CountersTable+VerificationsTable",
                    // The pointer and the verification.
                    "DynamoDB.TransactWriteItems VerificationsTable",
                    "SNS.Publish");
            assertThat(send).containsExactly(
                    // The request's claim.
                    "DynamoDB.PutItem CountersTable",
                    // The verification and the number's opt-out: one read.
                    "DynamoDB.BatchGetItem OptOutsTable+VerificationsTable",
                    // The pacing slot (pace#).
                    "DynamoDB.UpdateItem CountersTable",
                    // The three budgets, counted together (the cancellation reasons say which one refused).
                    "DynamoDB.TransactWriteItems CountersTable",
                    // The code's digest stored.
                    "DynamoDB.UpdateItem VerificationsTable",
                    // Accepted: SENT and its message id, the claim completed, counted as sent for the prefix and the country.
                    "DynamoDB.TransactWriteItems CountersTable+VerificationsTable");
            assertThat(texts).isEqualTo(1);
            assertThat(check).containsExactly(
                    "DynamoDB.GetItem VerificationsTable",
                    // Reserve the attempt on the number.
                    "DynamoDB.UpdateItem VerificationsTable",
                    // Approve, end the number's run of failures, a conversion for the prefix and the country.
                    "DynamoDB.TransactWriteItems CountersTable+VerificationsTable",
                    // The conversion feedback, handed to the door out (MessageFeedback on OutboundSmsTopic).
                    "SNS.Publish");
            // SendSmsFunction gives it with no claim, slot or budget: PutMessageFeedback (to the outbox) and nothing else.
            assertThat(feedback).isEmpty();
            assertThat(twoFactor.outbox().feedback()).hasSize(1);
            assertThat(start.size() - 1 + send.size() + check.size() - 1 + feedback.size()).as("DynamoDB calls per verification")
                    .isEqualTo(11).isLessThanOrEqualTo(12);
        }
    }
}
