package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.T0;
import static io.smsgate.twofactor.TwoFactorStack.context;
import static io.smsgate.twofactor.TwoFactorStack.sqs;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * The send path's pacing, stale drops and reply budgets, on a local stack (texts into the outbox, a
 * clock the test moves: waiting for a slot moves it too): the shared bucket spaces sends at the rate
 * across executions, puts back what an execution cannot wait for with nothing counted, lets replies
 * through only after the codes; a code that waited past its verification and a stale courtesy reply
 * are dropped with a reason; reply budgets, the confirmation limit and the closed-country rule hold.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SendPacingIT {
    private Stack stack;
    private LogCapture logs;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
    }

    @AfterEach
    void countersStayWithinTheGrant() {
        assertThat(CounterGrants.uncovered(stack, "VerificationApiFunction", "SendSmsFunction")).isEmpty();
    }

    private TwoFactorStack twoFactor(MutableClock clock, Map<String, String> overrides) {
        Map<String, String> all = new java.util.HashMap<>(Map.of("SEND_RATE_PER_SECOND", "1"));
        all.putAll(overrides);
        TwoFactorStack built = new TwoFactorStack(stack, clock, all, TwoFactorStack.randomIds(), UnaryOperator.identity());
        built.waitsMoveTheClock = true;
        return built;
    }

    // ------------------------------------------------------------------ pacing

    @Test
    void sendsAreSpacedAtTheRateAcrossExecutions() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack first = twoFactor(clock, Map.of("SEND_RATE_PER_SECOND", "2")).withCodesAllowed();
        TwoFactorStack second = twoFactor(clock, Map.of("SEND_RATE_PER_SECOND", "2"));
        for (int i = 1; i <= 4; i++) {
            TwoFactorStack execution = i % 2 == 1 ? first : second;
            assertThat(failed(TwoFactorStack.invoke(execution.sender, sqs(notice("pace-" + i, T0)), context()))).isEmpty();
        }
        assertThat(first.texts()).hasSize(4);
        assertThat(clock.instant()).as("four sends at 2 a second: slots at 0, 0.5, 1 and 1.5 s, waited for")
                .isEqualTo(T0.plusSeconds(1).plusMillis(1500));
    }

    @Test
    void aSlotFurtherAwayThanTheExecutionCanWaitPutsTheMessageBackWithNothingCounted() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of("SEND_RATE_PER_SECOND", "0.8")).withCodesAllowed();
        SqsEvent batch = new SqsEvent(List.of(sqs(notice("short-1", T0)).records().getFirst(), sqs(notice("short-2", T0)).records().getFirst(),
                sqs(notice("short-3", T0)).records().getFirst(), sqs(notice("short-4", T0)).records().getFirst()));

        // 10 s left: 2 s to wait for slots (the rest is the margin for the last send). At 0.8 a second the
        // slots are now, 1.25 s on and 2.5 s on: the first two fit, the third does not.
        LocalContext shortOfTime = new LocalContext("SendSmsFunction", 10, 1024);
        List<String> failed = failed(TwoFactorStack.invoke(twoFactor.sender, batch, shortOfTime));

        assertThat(twoFactor.texts()).as("now, and the slot 1.25 s on").hasSize(2);
        assertThat(failed).as("the third is put back, and the fourth with it")
                .containsExactly(batch.records().get(2).messageId(), batch.records().get(3).messageId());
        assertThat(count("replies#country#GB#")).as("only what was sent is counted").isEqualTo(2);
        assertThat(count("loop#")).isEqualTo(2);
        assertThat(twoFactor.counter("SendSms#short-3")).as("its claim released for the redelivery").isEmpty();
        assertThat(logs.all()).contains("reason=PACED");
    }

    @Test
    void repliesWaitUntilNoCodeHasHadASlotForASecond() {
        DynamoSendPacer pacer = new DynamoSendPacer(stack.dynamoDb(), stack.physicalId("CountersTable"),
                "arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-test", 10);
        Instant now = T0;
        assertThat(pacer.reserve(OutboundSms.Kind.CODE, 1, now, Duration.ofSeconds(10)))
                .isEqualTo(new SendPacer.Reservation.Granted(now, 100));
        assertThat(pacer.reserve(OutboundSms.Kind.CODE, 1, now, Duration.ofSeconds(10)))
                .as("the next slot, a tenth of a second on").isEqualTo(new SendPacer.Reservation.Granted(now.plusMillis(100), 100));
        SendPacer.Reservation reply = pacer.reserve(OutboundSms.Kind.TEXT, 1, now.plusMillis(500), Duration.ofSeconds(10));
        assertThat(reply).isInstanceOfSatisfying(SendPacer.Reservation.Wait.class, wait -> {
            assertThat(wait.reason()).isEqualTo(SendOutcome.DeferReason.CODES_FIRST);
            assertThat(wait.retryAfter()).isEqualTo(Duration.ofMillis(600));
        });
        assertThat(pacer.reserve(OutboundSms.Kind.TEXT, 1, now.plusMillis(1100), Duration.ofSeconds(10)))
                .isEqualTo(new SendPacer.Reservation.Granted(now.plusMillis(1100), 100));
        assertThat(pacer.reserve(OutboundSms.Kind.TEXT, 3, now.plusMillis(1100), Duration.ofSeconds(10)))
                .as("a three-part reply takes three intervals").isEqualTo(new SendPacer.Reservation.Granted(now.plusMillis(1200), 300));
        assertThat(pacer.reserve(OutboundSms.Kind.TEXT, 1, now.plusMillis(1100), Duration.ofSeconds(10)))
                .as("a reply reserves at most 2 s ahead: this one would be at 1.5 s, inside it")
                .isEqualTo(new SendPacer.Reservation.Granted(now.plusMillis(1500), 100));
        assertThat(pacer.reserve(OutboundSms.Kind.CODE, 1, now.plusMillis(1100), Duration.ofMillis(100)))
                .as("a code that can wait only 0.1 s finds the next slot at 1.6 s")
                .isInstanceOfSatisfying(SendPacer.Reservation.Wait.class,
                        wait -> assertThat(wait.reason()).isEqualTo(SendOutcome.DeferReason.PACED));
    }

    @Test
    void queuedCodesHoldRepliesBackForAsLongAsTheyTakeAtTheRate() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        String codeQueue = stack.physicalId("CodeSendQueue");
        for (int batch = 0; batch < 3; batch++) {
            int first = batch * 10;
            stack.sqs().sendMessageBatch(r -> r.queueUrl(codeQueue).entries(IntStream.range(first, first + 10)
                    .mapToObj(i -> SendMessageBatchRequestEntry.builder()
                            .id("code-" + i).messageBody("{}").build()).toList()));
        }
        Instant now = clock.instant();

        SqsEvent event = sqs(notice("behind-codes", now));
        List<String> failed = failed(TwoFactorStack.invoke(twoFactor.sender, event, context()));

        assertThat(failed).as(logs.all()).containsExactly(event.records().getFirst().messageId());
        assertThat(clock.instant()).as("30 codes at 1 a second outlast the execution: it waits out its 22 s in one stretch "
                + "(not a poll a second), then puts the reply back").isBetween(now.plusSeconds(20), now.plusSeconds(21));
        assertThat(logs.all()).as("to come back when those codes can have gone, not in a second")
                .contains("reason=CODES_FIRST retryAfter=30000ms");
        assertThat(count("replies#")).as("nothing counted").isZero();
    }

    // ------------------------------------------------------------------ conversion feedback

    @Test
    void feedbackTakesNoSlotBudgetOrClaimSoTheCodeBehindItGoesAtOnce() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        clock.advance(Duration.ofSeconds(20));
        assertThat(Json.tree(twoFactor.check(id, twoFactor.lastCode(TwoFactorStack.NUMBER)).body()).path("status").asText())
                .isEqualTo("APPROVED");
        long codesCounted = count("codes#");
        // The feedback is published before this code request, and handed over first.
        TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + TwoFactorStack.OTHER_NUMBER + "\",\"purpose\":\"LOGIN\"}"));
        Instant before = clock.instant();

        assertThat(twoFactor.deliverSends()).isEqualTo(2);

        assertThat(twoFactor.outbox().feedback()).hasSize(1);
        assertThat(twoFactor.outbox().lastTo(TwoFactorStack.OTHER_NUMBER)).isPresent();
        assertThat(clock.instant()).as("at 1 a second the code's slot was free at once: the feedback took none").isEqualTo(before);
        assertThat(count("codes#") - codesCounted).as("only the code counts against the budgets").isEqualTo(3);
        assertThat(stack.scan("CountersTable").stream().filter(item -> item.get("pk").s().startsWith("SendSms#")))
                .as("a claim for each code, none for the feedback").hasSize(2);
    }

    @Test
    void feedbackIsGivenWhileQueuedCodesHoldTheRepliesOfItsBatchBack() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        clock.advance(Duration.ofSeconds(20));
        twoFactor.check(id, twoFactor.lastCode(TwoFactorStack.NUMBER));
        String feedback = stack.tap("OutboundSmsTopic").messages().getLast().body();
        assertThat(Json.tree(feedback).path("type").asText()).isEqualTo("MessageFeedback");
        String codeQueue = stack.physicalId("CodeSendQueue");
        stack.sqs().sendMessageBatch(r -> r.queueUrl(codeQueue).entries(IntStream.range(0, 10)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("code-" + i).messageBody("{}").build()).toList()));

        // TextSendQueue's batch: a reply (held back by the codes), then the feedback (raw delivery keeps its kind).
        SqsEvent.Message reply = sqs(notice("reply-behind-codes", clock.instant())).records().getFirst();
        SqsEvent.Message unmarked = sqs(feedback).records().getFirst();
        SqsEvent.Message given = new SqsEvent.Message(unmarked.messageId(), unmarked.receiptHandle(), unmarked.body(),
                unmarked.attributes(), Map.of("kind", new SqsEvent.MessageAttribute("FEEDBACK", "String")), unmarked.eventSource(),
                unmarked.eventSourceArn(), unmarked.awsRegion());
        SqsEvent batch = new SqsEvent(List.of(reply, given));
        List<String> failed = failed(TwoFactorStack.invoke(twoFactor.sender, batch, context()));

        assertThat(failed).as("the reply waits for the codes; the feedback does not").containsExactly(reply.messageId());
        assertThat(twoFactor.outbox().feedback()).hasSize(1);
        assertThat(logs.all()).contains("reason=CODES_FIRST");
    }

    // ------------------------------------------------------------------ stale

    @Test
    void aCodeThatWaitedPastItsVerificationIsDroppedAndTheStatusSaysSo() {
        MutableClock clock = new MutableClock(T0);
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        String id = twoFactor.startLogin();
        clock.advance(Duration.ofMinutes(11));

        twoFactor.deliverSends();

        assertThat(twoFactor.texts()).isEmpty();
        assertThat(twoFactor.verification(id).delivery()).isEqualTo("EXPIRED_IN_QUEUE");
        assertThat(TwoFactorStack.json(twoFactor.status(id)).path("sendStatus").asText()).isEqualTo("EXPIRED_IN_QUEUE");
        assertThat(logs.all()).contains("reason=EXPIRED_IN_QUEUE");
        assertThat(count("codes#")).as("a dropped code counts against no budget").isZero();
    }

    @Test
    void aStaleCourtesyReplyIsDroppedButAConfirmationIsOwedHoweverLate() {
        MutableClock clock = new MutableClock(T0.plusSeconds(900));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        TwoFactorStack.invoke(twoFactor.sender, sqs(notice("late-notice", T0)), context());
        assertThat(twoFactor.texts()).isEmpty();
        assertThat(logs.all()).contains("reason=STALE_REPLY");

        TwoFactorStack.invoke(twoFactor.sender, sqs(help("late-help", T0)), context());
        assertThat(twoFactor.texts()).hasSize(1);
    }

    @Test
    void aStaleReplyBehindQueuedCodesIsDroppedAtOnceNotHeldForThem() {
        MutableClock clock = new MutableClock(T0.plusSeconds(900));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of()).withCodesAllowed();
        String codeQueue = stack.physicalId("CodeSendQueue");
        stack.sqs().sendMessageBatch(r -> r.queueUrl(codeQueue).entries(IntStream.range(0, 10)
                .mapToObj(i -> SendMessageBatchRequestEntry.builder().id("code-" + i).messageBody("{}").build()).toList()));
        Instant now = clock.instant();

        List<String> failed = failed(TwoFactorStack.invoke(twoFactor.sender, sqs(notice("late-behind-codes", T0)), context()));

        assertThat(failed).as("dropped, not put back").isEmpty();
        assertThat(clock.instant()).as("no execution held for a reply that will never be sent").isEqualTo(now);
        assertThat(logs.all()).contains("reason=STALE_REPLY").doesNotContain("reason=CODES_FIRST");
    }

    // ------------------------------------------------------------------ reply budgets

    @Test
    void theCountrysHourlyReplyBudgetHoldsAndANewHourStartsAgain() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of("SEND_RATE_PER_SECOND", "100"));
        savePolicy("GB", Feature.DISABLED, Feature.ENABLED, 2);
        for (int i = 1; i <= 3; i++) {
            TwoFactorStack.invoke(twoFactor.sender, sqs(notice("budget-" + i, clock.instant())), context());
        }
        assertThat(twoFactor.texts()).hasSize(2);
        assertThat(logs.all()).contains("reason=BUDGET_REPLY_COUNTRY_HOURLY");
        assertThat(count("replies#country#GB#")).isEqualTo(2);

        TwoFactorStack.invoke(twoFactor.sender, sqs(help("budget-help", clock.instant())), context());
        assertThat(twoFactor.texts()).as("a HELP confirmation is not a budgeted reply").hasSize(3);

        clock.set(T0.plus(Duration.ofHours(1)).plusSeconds(1));
        TwoFactorStack.invoke(twoFactor.sender, sqs(notice("budget-next-hour", clock.instant())), context());
        assertThat(twoFactor.texts()).hasSize(4);
    }

    @Test
    void theGlobalDailyReplyBudgetHolds() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of("GLOBAL_DAILY_REPLY_BUDGET", "1", "SEND_RATE_PER_SECOND", "100"))
                .withCodesAllowed();
        TwoFactorStack.invoke(twoFactor.sender, sqs(notice("global-1", clock.instant())), context());
        TwoFactorStack.invoke(twoFactor.sender, sqs(notice("global-2", clock.instant())), context());
        assertThat(twoFactor.texts()).hasSize(1);
        assertThat(logs.all()).contains("reason=BUDGET_REPLY_GLOBAL_DAILY");
    }

    @Test
    void confirmationsAreExemptFromBudgetsButThreeANumberAnHour() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of("GLOBAL_DAILY_REPLY_BUDGET", "0", "SEND_RATE_PER_SECOND", "100"))
                .withCodesAllowed();
        for (int i = 1; i <= 4; i++) {
            TwoFactorStack.invoke(twoFactor.sender, sqs(help("help-" + i, clock.instant())), context());
            clock.advance(Duration.ofSeconds(10));
        }
        assertThat(twoFactor.texts()).as("no reply budget left, yet three confirmations").hasSize(3);
        assertThat(logs.all()).contains("reason=CONFIRMATIONS_RATE_LIMITED");
    }

    @Test
    void noCourtesyReplyGoesToACountryWherePostingAndCodesAreBothOff() {
        MutableClock clock = new MutableClock(T0.plusSeconds(1));
        TwoFactorStack twoFactor = twoFactor(clock, Map.of());
        savePolicy("GB", Feature.DISABLED, Feature.DISABLED, 1000);
        TwoFactorStack.invoke(twoFactor.sender, sqs(notice("closed-notice", clock.instant())), context());
        assertThat(twoFactor.texts()).isEmpty();
        assertThat(logs.all()).contains("reason=REPLY_COUNTRY_CLOSED");

        TwoFactorStack.invoke(twoFactor.sender, sqs(help("closed-help", clock.instant())), context());
        assertThat(twoFactor.texts()).as("STOP/START/HELP are answered everywhere").hasSize(1);
    }

    // ------------------------------------------------------------------ helpers

    private void savePolicy(String scope, Feature posting, Feature codes, int repliesPerHour) {
        DynamoCountryPolicies catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        long version = catalog.get(scope).map(CountryPolicy::version).orElse(0L);
        catalog.save(new CountryPolicy(scope, posting, codes, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS,
                10, 5, 1000, repliesPerHour, "test", null, null, version).savedBy("test", T0));
    }

    static String notice(String requestId, Instant requestedAt) {
        return sample("send-text-notice.json", requestId, requestedAt);
    }

    private static String help(String requestId, Instant requestedAt) {
        return sample("send-text.json", requestId, requestedAt);
    }

    private static String sample(String file, String requestId, Instant requestedAt) {
        SqsEvent event = SendSmsHandlerIT.event(file);
        ObjectNode message = (ObjectNode) Json.tree(event.records().getFirst().body());
        // As its requester would make it: the recipient sealed for this request id, the whole MACed.
        io.smsgate.shared.domain.SealedNumber recipient = Json.convert(message.get("recipient"), io.smsgate.shared.domain.SealedNumber.class);
        recipient = TwoFactorStack.KEYS.reseal(recipient, io.smsgate.shared.security.SealContext.outbound(message.path("requestId").asText()),
                io.smsgate.shared.security.SealContext.outbound(requestId));
        message.put("requestId", requestId).put("requestedAt", requestedAt.toString());
        message.set("recipient", Json.mapper().valueToTree(recipient));
        message.remove("mac");
        message.put("mac", TwoFactorStack.KEYS.mac(OutboundSms.TYPE, io.smsgate.shared.security.CanonicalJson.of(message)));
        return Json.write(message);
    }

    private static List<String> failed(SqsBatchResponse response) {
        return response.batchItemFailures().stream().map(SqsBatchResponse.ItemFailure::itemIdentifier).toList();
    }

    private long count(String prefix) {
        return stack.scan("CountersTable").stream().filter(item -> item.get("pk").s().startsWith(prefix))
                .mapToLong(item -> item.containsKey("count") ? Long.parseLong(item.get("count").n()) : 0).sum();
    }

}
