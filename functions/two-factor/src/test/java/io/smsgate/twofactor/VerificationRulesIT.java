package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.OTHER_NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static io.smsgate.twofactor.TwoFactorStack.started;
import static io.smsgate.twofactor.VerificationLifecycleIT.assertCheck;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.port.SimSwapSignal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The verification failure rules of NIST SP 800-63B-4 and what the backend sees of them, on the emulator:
 * failed checks in a row per number over all verifications and purposes (a new code never resets them,
 * a success does), the lock and the unlock, a check bound to purpose, account and session, a start bound
 * to its session, the repeated approving check, the status route, the SIM-swap signal before a code,
 * and the security events and the "unlinked" text when a link is replaced.
 */
@ExtendWith(AwsEmulatorExtension.class)
class VerificationRulesIT {
    private static final String LOGIN = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}";
    private static final String RESET = "{\"phone\":\"" + NUMBER + "\",\"purpose\":\"PASSWORD_RESET\"}";

    private Stack stack;
    private LogCapture logs;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
    }

    private TwoFactorStack twoFactor(Map<String, String> overrides) {
        return TwoFactorStack.on(stack, overrides).withCodesAllowed();
    }

    private static String wrong(String code) {
        return code.equals("000000") ? "000001" : "000000";
    }

    // ------------------------------------------------------------------ failed checks in a row, per number

    @Test
    void failedChecksInARowOverVerificationsAndPurposesLockTheNumberUntilTheBackendUnlocksIt() {
        TwoFactorStack twoFactor = twoFactor(Map.of("MAX_FAILED_CHECKS_PER_NUMBER", "7"));
        String login = twoFactor.startLogin();
        String reset = started(twoFactor.start(RESET));
        twoFactor.deliverSends();
        String loginCode = twoFactor.texts().get(0).code().orElseThrow();
        String resetCode = twoFactor.texts().get(1).code().orElseThrow();

        for (int left = 4; left >= 1; left--) {
            assertCheck(twoFactor.check(login, wrong(loginCode)), "PENDING", left);
        }
        // A new code does not reset the count.
        twoFactor.clock.advance(Duration.ofSeconds(30));
        assertThat(twoFactor.startLogin()).isEqualTo(login);
        twoFactor.deliverSends();
        loginCode = twoFactor.lastCode(NUMBER);
        assertCheck(twoFactor.check(reset, wrong(resetCode)), "PENDING", 4);
        assertCheck(twoFactor.check(reset, wrong(resetCode)), "PENDING", 3);
        assertThat(twoFactor.securityEvents()).isEmpty();
        assertCheck(twoFactor.check(reset, wrong(resetCode)), "LOCKED", 0);

        assertCheck(twoFactor.check(reset, resetCode), "LOCKED", 0);
        assertCheck(twoFactor.check(login, loginCode), "LOCKED", 0);
        assertThat(twoFactor.verification(login).state()).as("the right code is not even compared").isEqualTo(Verification.State.NUMBER_LOCKED);
        assertThat(json(twoFactor.status(login)).path("state").asText()).isEqualTo("NUMBER_LOCKED");

        List<JsonNode> events = twoFactor.securityEvents();
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("VerificationLocked");
            assertThat(event.path("version").asInt()).isEqualTo(1);
            assertThat(event.path("country").asText()).isEqualTo("GB");
            assertThat(event.path("reason").asText()).isEqualTo("FAILED_CHECKS");
            assertThat(event.path("eventId").asText()).isNotBlank();
        });

        // Starts still answer 202, but nothing is sent, for any purpose.
        int published = twoFactor.published().size();
        HttpApiResponse link = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}");
        assertThat(link.statusCode()).isEqualTo(202);
        assertThat(json(link).fieldNames()).toIterable().containsExactly("verificationId", "expiresAt");
        String linkId = started(link);
        assertThat(twoFactor.published()).hasSize(published);
        assertThat(twoFactor.verification(linkId).state()).isEqualTo(Verification.State.NUMBER_LOCKED);
        assertThat(twoFactor.verification(linkId).recipient()).as("nothing will be sent: the number is not kept").isNull();

        HttpApiResponse unlocked = twoFactor.unlock(NUMBER);
        assertThat(unlocked.statusCode()).isEqualTo(200);
        assertThat(unlocked.body()).isEqualTo("{\"status\":\"UNLOCKED\"}");

        twoFactor.clock.advance(Duration.ofSeconds(30));
        String fresh = twoFactor.startLogin();
        assertThat(fresh).as("the locked verification is not reused once the number is unlocked").isNotEqualTo(login);
        twoFactor.deliverSends();
        assertCheck(twoFactor.check(fresh, twoFactor.lastCode(NUMBER)), "APPROVED", 4);
        assertThat(twoFactor.securityEvents()).as("the lock was announced once").hasSize(1);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void onlyASuccessfulCheckEndsTheRunAndTheCountHasNoTimeReset() {
        TwoFactorStack twoFactor = twoFactor(Map.of("MAX_FAILED_CHECKS_PER_NUMBER", "3"));
        String first = twoFactor.startLogin();
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        assertCheck(twoFactor.check(first, wrong(code)), "PENDING", 4);
        assertCheck(twoFactor.check(first, wrong(code)), "PENDING", 3);
        assertCheck(twoFactor.check(first, code), "APPROVED", 2);

        twoFactor.clock.advance(Duration.ofHours(1));
        String second = twoFactor.startLogin();
        twoFactor.deliverSends();
        code = twoFactor.lastCode(NUMBER);
        assertCheck(twoFactor.check(second, wrong(code)), "PENDING", 4);
        assertCheck(twoFactor.check(second, wrong(code)), "PENDING", 3);
        // Two days later (the UTC day and the verification are long gone), the run goes on.
        twoFactor.clock.advance(Duration.ofDays(2));
        String third = twoFactor.startLogin();
        twoFactor.deliverSends();
        code = twoFactor.lastCode(NUMBER);
        assertCheck(twoFactor.check(third, wrong(code)), "LOCKED", 0);
        assertThat(failures().get("failures").n()).isEqualTo("3");
    }

    @Test
    void concurrentChecksThatAllReadBeforeAnyWriteCompareNoMoreThanTheLimit() throws Exception {
        int checks = 6;
        int limit = 4;
        CyclicBarrier allRead = new CyclicBarrier(checks);
        ReentrantLock oneAtATime = new ReentrantLock(true);
        UnaryOperator<Verifications> seam = real -> new ForwardingVerifications(real) {
            @Override
            public Optional<Verification> find(String id) {
                Optional<Verification> found = super.find(id);
                if (!oneAtATime.isHeldByCurrentThread()) {
                    try {
                        // Every check has read the verification before any of them writes...
                        allRead.await(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    // ...then they write one after the other (moto does not serialize conditional writes itself).
                    oneAtATime.lock();
                }
                return found;
            }
        };
        TwoFactorStack twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0),
                Map.of("MAX_FAILED_CHECKS_PER_NUMBER", Integer.toString(limit)), TwoFactorStack.randomIds(),
                UnaryOperator.identity(), SimSwapSignal.none(), seam).withCodesAllowed();
        String login = started(twoFactor.start(LOGIN));
        String reset = started(twoFactor.start(RESET));
        twoFactor.deliverSends();
        String wrong = wrong(twoFactor.texts().get(0).code().orElseThrow());
        String wrongToo = wrong(twoFactor.texts().get(1).code().orElseThrow());
        List<String> bodies = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(checks);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < checks; i++) {
                boolean even = i % 2 == 0;
                answers.add(pool.submit(() -> {
                    try {
                        return twoFactor.check(even ? login : reset, even ? wrong : wrongToo).body();
                    } finally {
                        while (oneAtATime.isHeldByCurrentThread()) {
                            oneAtATime.unlock();
                        }
                    }
                }));
            }
            for (Future<String> answer : answers) {
                bodies.add(answer.get(30, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(twoFactor.verification(login).checks() + twoFactor.verification(reset).checks())
                .as("codes compared").isEqualTo(limit);
        assertThat(bodies).filteredOn(body -> body.contains("PENDING")).hasSize(limit - 1);
        assertThat(bodies).filteredOn(body -> body.contains("LOCKED")).hasSize(checks - limit + 1);
        assertThat(failures().get("failures").n()).isEqualTo(Integer.toString(limit));
        assertThat(twoFactor.securityEvents()).extracting(e -> e.path("type").asText()).containsExactly("VerificationLocked");
    }

    // ------------------------------------------------------------------ binding

    @Test
    void aCheckThatNamesAnotherPurposeAccountOrSessionIsAnsweredLikeAnUnknownIdAndCountsNothing() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\","
                + "\"session\":\"sess-A\"}"));
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        HttpApiResponse unknown = twoFactor.checkBody("unknownVerification001",
                "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\",\"session\":\"sess-A\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);

        for (String body : List.of(
                "{\"code\":\"" + code + "\",\"purpose\":\"LOGIN\",\"accountId\":\"acct-1\",\"session\":\"sess-A\"}",
                "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-2\",\"session\":\"sess-A\"}",
                "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"session\":\"sess-A\"}",
                "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\",\"session\":\"sess-B\"}",
                "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}")) {
            HttpApiResponse mismatch = twoFactor.checkBody(id, body);
            assertThat(mismatch.statusCode()).as(body).isEqualTo(unknown.statusCode());
            assertThat(mismatch.headers()).isEqualTo(unknown.headers());
            assertThat(mismatch.body().getBytes(StandardCharsets.UTF_8)).isEqualTo(unknown.body().getBytes(StandardCharsets.UTF_8));
        }
        assertThat(twoFactor.verification(id).checks()).as("no attempt counted").isZero();
        assertThat(failuresItem()).as("nothing counted on the number").isEmpty();
        assertThat(stack.scan("PhoneLinksTable")).isEmpty();

        HttpApiResponse missing = twoFactor.checkBody(id, "{\"code\":\"" + code + "\"}");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).isEqualTo("{\"reason\":\"MISSING_FIELD\",\"field\":\"purpose\"}");

        assertCheck(twoFactor.checkBody(id, "{\"code\":\"" + code + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\","
                + "\"session\":\"sess-A\"}"), "APPROVED", 4);
        twoFactor.assertNowhere(logs, "sess-A");
    }

    @Test
    void aStartWithAnotherSessionGetsAVerificationOfItsOwn() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        String mine = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"session\":\"mine\"}"));
        String theirs = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"session\":\"theirs\"}"));
        assertThat(theirs).isNotEqualTo(mine);
        twoFactor.deliverSends();
        String theirCode = twoFactor.texts().get(1).code().orElseThrow();

        twoFactor.clock.advance(Duration.ofSeconds(30));
        HttpApiResponse again = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"session\":\"theirs\"}");
        assertThat(started(again)).as("a resend of their own").isEqualTo(theirs);
        HttpApiResponse stolen = twoFactor.checkBody(mine, "{\"code\":\"" + theirCode + "\",\"purpose\":\"LOGIN\","
                + "\"session\":\"theirs\"}");
        assertThat(stolen.statusCode()).isEqualTo(404);
        assertThat(twoFactor.verification(mine).state()).isEqualTo(Verification.State.PENDING);
    }

    // ------------------------------------------------------------------ repeats, links

    @Test
    void theApprovingCheckRepeatedWithinAMinuteIsApprovedAgainWithNoSecondLink() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}"));
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        twoFactor.settings("acct-1", "{\"smsPosting\":true,\"pin\":\"73195\"}");
        twoFactor.clock.advance(Duration.ofSeconds(59));

        assertThat(twoFactor.check(id, wrong(code)).statusCode()).as("not another code").isEqualTo(404);
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        assertThat(stack.scan("PhoneLinksTable")).singleElement()
                .satisfies(link -> assertThat(link.get("smsPosting").bool()).as("the link is left as it is").isTrue());
        // The link's event, the arming's, and nothing from the repeated check.
        assertThat(twoFactor.securityEvents()).extracting(e -> e.path("type").asText()).containsExactly("PhoneLinked", "SmsPostingArmed");

        twoFactor.clock.advance(Duration.ofSeconds(1));
        assertThat(twoFactor.check(id, code).statusCode()).as("a minute after the approval").isEqualTo(404);
    }

    @Test
    void aReplacedLinkIsAnnouncedToItsOwnerAndItsNumberIsToldOnce() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        link(twoFactor, NUMBER, "acct-1");
        twoFactor.clock.advance(Duration.ofMinutes(1));
        String moved = link(twoFactor, OTHER_NUMBER, "acct-1");

        List<JsonNode> events = twoFactor.securityEvents();
        assertThat(events).extracting(e -> e.path("type").asText()).containsExactly("PhoneLinked", "PhoneLinked", "PhoneUnlinked");
        JsonNode unlinked = events.get(2);
        assertThat(unlinked.path("accountId").asText()).isEqualTo("acct-1");
        assertThat(unlinked.path("reason").asText()).isEqualTo("REPLACED");
        assertThat(events.get(1).path("verificationId").asText()).isEqualTo(moved);

        List<JsonNode> notices = twoFactor.published().stream().filter(m -> m.path("kind").asText().equals("TEXT")).toList();
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.path("purpose").asText()).isEqualTo("PHONE_UNLINKED");
            assertThat(notice.path("recipient").path("key").asText()).isEqualTo(TwoFactorStack.phoneKey(NUMBER));
            assertThat(notice.path("requestId").asText()).startsWith("PhoneUnlinked#");
        });
        twoFactor.deliverSends();
        assertThat(twoFactor.outbox().lastTo(NUMBER)).get().extracting(SmsOutbox.Text::body)
                .isEqualTo("smsgate: this number was unlinked from your account. If you did not expect this, check your account's"
                        + " security settings.");
        // A redelivered notice is sent once (SendSmsFunction dedupes on the request id).
        int texts = twoFactor.texts().size();
        TwoFactorStack.invoke(twoFactor.sender, TwoFactorStack.sqs(notices.getFirst().toString()), TwoFactorStack.context());
        assertThat(twoFactor.texts()).hasSize(texts);

        // The same number moving to another account: its previous owner is told, the number is not texted.
        twoFactor.clock.advance(Duration.ofMinutes(1));
        link(twoFactor, OTHER_NUMBER, "acct-2");
        assertThat(twoFactor.securityEvents()).last().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("PhoneUnlinked");
            assertThat(event.path("accountId").asText()).isEqualTo("acct-1");
        });
        assertThat(twoFactor.published().stream().filter(m -> m.path("kind").asText().equals("TEXT"))).hasSize(1);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aReplacedLinkSealedWithARetiredKeyIsNotToldAndTheNewLinkStillSucceeds() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        link(twoFactor, NUMBER, "acct-1");
        // As if the link had been sealed with a key id removed from SealingKeysSecret since.
        stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("PhoneLinksTable"))
                .key(Map.of("phoneKey", AttributeValue.fromS(TwoFactorStack.phoneKey(NUMBER))))
                .updateExpression("SET sealedNumber = :retired")
                .expressionAttributeValues(Map.of(":retired", AttributeValue.fromS("v2.k9.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"))));
        twoFactor.clock.advance(Duration.ofMinutes(1));
        link(twoFactor, OTHER_NUMBER, "acct-1");

        assertThat(twoFactor.securityEvents()).extracting(e -> e.path("type").asText())
                .containsExactly("PhoneLinked", "PhoneLinked", "PhoneUnlinked");
        assertThat(twoFactor.published().stream().filter(m -> m.path("kind").asText().equals("TEXT"))).as("not told").isEmpty();
        assertThat(logs.lines()).anySatisfy(line -> assertThat(line).contains("not told").contains("k9"));
    }

    @Test
    void anInterruptedLinkIsNotFinishedAfterTheVerificationExpired() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        String id = started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}"));
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        interruptAfterApproval(id);
        twoFactor.clock.advance(Duration.ofMinutes(10));
        assertCheck(twoFactor.check(id, code), "EXPIRED", 0);
        assertThat(stack.scan("PhoneLinksTable")).isEmpty();
    }

    @Test
    void reverifyingALinkedNumberKeepsItsSettingsAndAnnouncesNothing() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        link(twoFactor, NUMBER, "acct-1");
        twoFactor.settings("acct-1", "{\"smsPosting\":true,\"pin\":\"73195\"}");
        Map<String, AttributeValue> before = stack.scan("PhoneLinksTable").getFirst();
        twoFactor.clock.advance(Duration.ofHours(1));
        link(twoFactor, NUMBER, "acct-1");
        assertThat(stack.scan("PhoneLinksTable")).containsExactly(before);
        // The first link's event and the arming's: the second link announces nothing.
        assertThat(twoFactor.securityEvents()).extracting(e -> e.path("type").asText()).containsExactly("PhoneLinked", "SmsPostingArmed");
    }

    // ------------------------------------------------------------------ status

    @Test
    void theStatusTellsTheBackendWhatBecameOfAVerificationAndNeverTheNumber() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        assertThat(twoFactor.status("unknownVerification001").statusCode()).isEqualTo(404);
        assertThat(twoFactor.status("short").statusCode()).isEqualTo(400);

        String id = twoFactor.startLogin();
        assertThat(json(twoFactor.status(id)).path("state").asText()).isEqualTo("PENDING");
        twoFactor.deliverSends();
        HttpApiResponse sent = twoFactor.status(id);
        assertThat(sent.statusCode()).isEqualTo(200);
        assertThat(sent.headers()).containsEntry("Cache-Control", "no-store");
        assertThat(sent.body()).isEqualTo("{\"verificationId\":\"" + id + "\",\"purpose\":\"LOGIN\",\"state\":\"SENT\","
                + "\"expiresAt\":\"2026-11-25T10:10:00Z\",\"sends\":1,\"sendStatus\":\"SENT\"}");
        String code = twoFactor.lastCode(NUMBER);
        assertThat(sent.body()).doesNotContain(TwoFactorStack.NUMBER_DIGITS).doesNotContain(code);
        assertCheck(twoFactor.check(id, code), "APPROVED", 4);
        assertThat(json(twoFactor.status(id)).path("state").asText()).isEqualTo("APPROVED");

        String reset = started(twoFactor.start(RESET));
        twoFactor.clock.advance(Duration.ofMinutes(10));
        assertThat(json(twoFactor.status(reset)).path("state").asText()).isEqualTo("EXPIRED");
    }

    @Test
    void aSpentBudgetShowsInTheStatus() {
        TwoFactorStack twoFactor = twoFactor(Map.of());
        twoFactor.policy("GB", Feature.ENABLED, 1, 1000, PostingAuth.PIN);
        twoFactor.startLogin();
        // Started while the budget had room; by the time SendSmsFunction acts, another code spent it.
        String reset = started(twoFactor.start(RESET));
        twoFactor.deliverSends();
        JsonNode status = json(twoFactor.status(reset));
        assertThat(status.path("state").asText()).isEqualTo("BUDGET_EXHAUSTED");
        assertThat(status.path("sendStatus").asText()).isEqualTo("BUDGET_NUMBER_HOURLY");
    }

    // ------------------------------------------------------------------ SIM swap

    @Test
    void noLoginOrResetCodeGoesToARecentlySwappedSimYetTheStartAnswersTheSame() {
        RecordingSignal signal = new RecordingSignal(SimSwapStatus.SWAPPED);
        TwoFactorStack twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0), Map.of(), TwoFactorStack.randomIds(),
                UnaryOperator.identity(), signal, UnaryOperator.identity());
        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN, SimSwapCheck.BEST_EFFORT);

        HttpApiResponse response = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"PASSWORD_RESET\","
                + "\"accountId\":\"acct-1\"}");
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(json(response).fieldNames()).toIterable().containsExactly("verificationId", "expiresAt");
        String id = started(response);
        assertThat(twoFactor.published()).as("no code asked for").isEmpty();
        assertThat(json(twoFactor.status(id)).path("state").asText()).isEqualTo("SIM_SWAP_SUSPECTED");
        assertThat(signal.asked).hasValue(1);
        assertThat(signal.maxAge).isEqualTo(SimSwapCheck.DEFAULT_MAX_AGE_HOURS);
        assertThat(twoFactor.securityEvents()).singleElement().satisfies(event -> {
            assertThat(event.path("type").asText()).isEqualTo("SimSwapSuspected");
            assertThat(event.path("reason").asText()).isEqualTo("CODE");
            assertThat(event.path("accountId").asText()).isEqualTo("acct-1");
            assertThat(event.path("verificationId").asText()).isEqualTo(id);
        });

        twoFactor.clock.advance(Duration.ofSeconds(30));
        assertThat(started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"PASSWORD_RESET\",\"accountId\":\"acct-1\"}")))
                .as("a repeated start answers like a resend, and sends nothing").isEqualTo(id);
        assertThat(twoFactor.published()).isEmpty();

        started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"acct-1\"}"));
        assertThat(twoFactor.published()).as("linking is not a LOGIN or PASSWORD_RESET code").hasSize(1);
        assertThat(signal.asked).hasValue(1);
    }

    @Test
    void theSignalIsAskedOnlyWhereThePolicyAsksAndAProviderIsConfigured() {
        RecordingSignal unknown = new RecordingSignal(SimSwapStatus.UNKNOWN);
        TwoFactorStack twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0), Map.of(), TwoFactorStack.randomIds(),
                UnaryOperator.identity(), unknown, UnaryOperator.identity());
        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN, SimSwapCheck.OFF);
        twoFactor.startLogin();
        assertThat(unknown.asked).as("OFF: not asked").hasValue(0);

        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN, SimSwapCheck.BEST_EFFORT);
        twoFactor.clock.advance(Duration.ofMinutes(11));
        twoFactor.startLogin();
        assertThat(unknown.asked).hasValue(1);
        assertThat(twoFactor.published()).as("BEST_EFFORT and no answer: the code goes").hasSize(2);

        twoFactor.policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN, SimSwapCheck.REQUIRED);
        twoFactor.clock.advance(Duration.ofMinutes(11));
        String required = twoFactor.startLogin();
        assertThat(twoFactor.published()).as("REQUIRED and no answer: no code").hasSize(2);
        assertThat(twoFactor.verification(required).state()).isEqualTo(Verification.State.SIM_SWAP_SUSPECTED);

        RecordingSignal notConfigured = new RecordingSignal(SimSwapStatus.SWAPPED, false);
        TwoFactorStack without = new TwoFactorStack(stack, twoFactor.clock, Map.of(), TwoFactorStack.randomIds(),
                UnaryOperator.identity(), notConfigured, UnaryOperator.identity());
        twoFactor.clock.advance(Duration.ofMinutes(11));
        without.startLogin();
        assertThat(notConfigured.asked).as("no provider: never asked, whatever the policy").hasValue(0);
    }

    // ------------------------------------------------------------------ helpers

    /** Links {@code number} to {@code account} through a LINK_PHONE verification; its id. */
    private static String link(TwoFactorStack twoFactor, String number, String account) {
        String id = started(twoFactor.start("{\"phone\":\"" + number + "\",\"purpose\":\"LINK_PHONE\",\"accountId\":\"" + account + "\"}"));
        twoFactor.deliverSends();
        assertCheck(twoFactor.check(id, twoFactor.lastCode(number)), "APPROVED", 4);
        return id;
    }

    private void interruptAfterApproval(String id) {
        stack.dynamoDb().updateItem(r -> r.tableName(stack.physicalId("VerificationsTable"))
                .key(Map.of("pk", AttributeValue.fromS("V#" + id)))
                .updateExpression("SET #state = :approved, checks = :one, linkPending = :true, approvedAt = :at")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(Map.of(":approved", AttributeValue.fromS("APPROVED"), ":one", AttributeValue.fromN("1"),
                        ":true", AttributeValue.fromBool(true), ":at", AttributeValue.fromN(Long.toString(TwoFactorStack.T0.getEpochSecond())))));
    }

    private Optional<Map<String, AttributeValue>> failuresItem() {
        return stack.scan("VerificationsTable").stream().filter(item -> item.get("pk").s().startsWith("N#")).findFirst();
    }

    private Map<String, AttributeValue> failures() {
        return failuresItem().orElseThrow(() -> new AssertionError("no failed checks recorded"));
    }

    /** An in-test SIM-swap signal: always the same answer, and counts what it was asked. */
    private static final class RecordingSignal implements SimSwapSignal {
        final AtomicInteger asked = new AtomicInteger();
        final SimSwapStatus answer;
        final boolean configured;
        volatile int maxAge;

        RecordingSignal(SimSwapStatus answer) {
            this(answer, true);
        }

        RecordingSignal(SimSwapStatus answer, boolean configured) {
            this.answer = answer;
            this.configured = configured;
        }

        @Override
        public SimSwapStatus check(PhoneNumber number, int maxAgeHours) {
            asked.incrementAndGet();
            maxAge = maxAgeHours;
            return answer;
        }

        @Override
        public boolean configured() {
            return configured;
        }
    }
}
