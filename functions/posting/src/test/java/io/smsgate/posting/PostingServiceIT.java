package io.smsgate.posting;

import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.posting.PostingAssertions.messages;
import static io.smsgate.posting.PostingAssertions.metrics;
import static io.smsgate.posting.PostingAssertions.ofType;
import static io.smsgate.posting.PostingAssertions.posts;
import static io.smsgate.posting.PostingAssertions.rejections;
import static io.smsgate.posting.TestAccounts.ACCOUNT;
import static io.smsgate.posting.TestAccounts.PIN;
import static io.smsgate.posting.TestAccounts.PHONE_KEY;
import static io.smsgate.posting.TestAccounts.command;
import static io.smsgate.posting.TestAccounts.post;
import static io.smsgate.posting.TestAccounts.undo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * PostingService through its real wiring and adapters against the emulator, with a clock the test
 * moves and a PostsTopic that can be made to fail once (a crash between two steps). Commands are built
 * as CountryPolicyFunction publishes them; accounts as the verification API leaves them.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PostingServiceIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LINKED = T0.minus(Duration.ofDays(2));

    private Stack stack;
    private LogCapture logs;
    private MutableClock clock;
    private FailingOnceTopic<PostEvent> postsTopic;
    private FailingOnceTopic<io.smsgate.shared.domain.SecurityEvent> securityTopic;
    private PostingService service;
    private TestAccounts accounts;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.clock = new MutableClock(T0.plusSeconds(2));
        // The tests here assert the production cooling-off period (24 h), whatever the local stack uses.
        Environment environment = new Environment(stack.functionEnvironment("PostingFunction"))
                .with("POSTING_COOLING_OFF_SECONDS", Long.toString(Duration.ofHours(24).toSeconds()));
        this.service = PostingWiring.service(environment, clock,
                topic -> postsTopic = new FailingOnceTopic<>(topic),
                topic -> securityTopic = new FailingOnceTopic<>(topic),
                io.smsgate.shared.port.SimSwapSignal.none());
        this.accounts = new TestAccounts(stack);
    }

    @AfterEach
    void countersStayWithinTheGrant() {
        assertThat(CounterGrants.uncovered(stack, "PostingFunction")).as("CountersTable keys outside template.yaml's dynamodb:LeadingKeys").isEmpty();
    }

    @AfterEach
    void nothingLeaked() {
        PostingAssertions.assertNoNumberOrPinAnywhere(stack, logs);
    }

    // ------------------------------------------------------------------ posting

    @Test
    void aPinHashFromBeforeTheKeySplitStillPostsAndIsReplacedByACurrentOneInThePostsWrite() {
        accounts.postingWithLegacyPin(LINKED);
        assertThat(io.smsgate.shared.security.PinHasher.isLegacy(accounts.link().pinHash())).isTrue();

        assertThat(handle(post("m-1", PIN + " Still me", T0))).isEqualTo(new PostingOutcome.Posted(Post.idFor("m-1")));

        PhoneLink upgraded = accounts.link();
        assertThat(upgraded.pinHash()).startsWith("pbkdf2-sha256$p1$").isNotEqualTo(TestAccounts.LEGACY_PIN_HASH);
        assertThat(upgraded.armedAt()).as("the same PIN: not an arming").isEqualTo(LINKED);
        assertThat(handle(post("m-2", PIN + " Again", T0.plusSeconds(1)))).isEqualTo(new PostingOutcome.Posted(Post.idFor("m-2")));
        assertThat(accounts.link().pinHash()).as("a current hash is kept").isEqualTo(upgraded.pinHash());
        assertThat(handle(post("m-3", "11112222 Not me", T0.plusSeconds(2)))).isInstanceOf(PostingOutcome.Rejected.class);
    }

    @Test
    void aLinkedOptedInAccountPostsWithItsPinAndThePinIsNotPosted() {
        accounts.postingWithPin(LINKED, false);

        PostingOutcome outcome = handle(post("m-1", PIN + "   Hello from my phone  ", T0));

        String postId = Post.idFor("m-1");
        assertThat(outcome).isEqualTo(new PostingOutcome.Posted(postId));
        Map<String, AttributeValue> item = posts(stack).getFirst();
        assertThat(posts(stack)).hasSize(1);
        assertThat(item.get("postId").s()).isEqualTo(postId);
        assertThat(item.get("accountId").s()).isEqualTo(ACCOUNT);
        assertThat(item.get("text").s()).isEqualTo("Hello from my phone");
        assertThat(item.get("source").s()).isEqualTo("sms");
        assertThat(item.get("published").bool()).isTrue();

        Published created = single("PostsTopic");
        assertThat(created.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("kind", "PostCreated", "country", "GB"));
        JsonNode event = created.json();
        assertThat(fieldNames(event)).containsExactlyInAnyOrder("type", "version", "postId", "accountId", "text", "source",
                "country", "createdAt");
        assertThat(event.path("type").asText()).isEqualTo("PostCreated");
        assertThat(event.path("version").asInt()).isEqualTo(1);
        assertThat(event.path("postId").asText()).isEqualTo(postId);
        assertThat(event.path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(event.path("text").asText()).isEqualTo("Hello from my phone");
        assertThat(event.path("source").asText()).isEqualTo("sms");
        assertThat(event.path("country").asText()).isEqualTo("GB");
        assertThat(Instant.parse(event.path("createdAt").asText())).isEqualTo(T0.plusSeconds(2));

        assertThat(stack.tap("OutboundSmsTopic").messages()).as("confirmations are off by default").isEmpty();
        assertThat(metrics(logs, "PostsCreated")).hasSize(1);
        assertThat(logs.lines()).filteredOn(line -> line.contains("\"logger\":\"io.smsgate.posting.PostingService\""))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(Json.tree(line).path("inboundMessageId").asText()).isEqualTo("m-1"));
    }

    @Test
    void aConfirmationIsTextedOnlyWhenTheAccountAskedForOne() {
        accounts.postingWithPin(LINKED, true);
        handle(post("m-1", PIN + " Hello", T0));

        Published confirmation = single("OutboundSmsTopic");
        assertThat(confirmation.json().path("purpose").asText()).isEqualTo("POST_CONFIRMATION");
        assertThat(confirmation.json().path("kind").asText()).isEqualTo("TEXT");
        assertThat(confirmation.json().path("requestId").asText()).isEqualTo("m-1#confirm");
        assertThat(confirmation.json().path("text").asText()).isEqualTo(PostingReplies.posted(Duration.ofMinutes(10)));
        assertThat(confirmation.json().path("recipient").path("key").asText()).isEqualTo(PHONE_KEY);
    }

    // ------------------------------------------------------------------ who may post

    enum Unavailable { NOT_LINKED, POSTING_OFF, LOCKED, COOLING_OFF, PIN_NOT_SET }

    @ParameterizedTest
    @EnumSource(Unavailable.class)
    void everyReasonNotToPostLooksTheSameFromOutside(Unavailable reason) {
        switch (reason) {
            case NOT_LINKED -> { }
            case POSTING_OFF -> accounts.linked(LINKED);
            case LOCKED -> {
                accounts.postingWithPin(LINKED, false);
                for (int i = 1; i <= 5; i++) {
                    handle(post("guess-" + i, "1000000" + i + " let me in", T0));
                }
                clock.advance(Duration.ofHours(2));
            }
            case COOLING_OFF -> accounts.postingWithPin(T0.minus(Duration.ofHours(23)), false);
            case PIN_NOT_SET -> accounts.postingWithoutPin(LINKED);
        }
        int publishedBefore = stack.tap("PostsTopic").messages().size();
        int textsBefore = stack.tap("OutboundSmsTopic").messages().size();
        logs.clear();

        PostingOutcome outcome = handle(post("m-1", PIN + " Hello", clock.instant()));

        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(Rejection.valueOf(reason.name()), true));
        List<Published> texts = stack.tap("OutboundSmsTopic").messages();
        assertThat(texts).hasSize(textsBefore + 1);
        JsonNode reply = texts.getLast().json();
        assertThat(reply.path("purpose").asText()).isEqualTo("POSTING_UNAVAILABLE");
        assertThat(reply.path("text").asText()).isEqualTo("To post by text, turn on SMS posting in your settings.");
        assertThat(reply.path("requestId").asText()).isEqualTo("m-1#reply");
        assertThat(stack.tap("PostsTopic").messages()).hasSize(publishedBefore);
        assertThat(posts(stack)).isEmpty();
        // The log says the reason code and nothing else that differs: the same lines, the same level.
        assertThat(messages(logs)).containsExactly("POST refused: reason=" + reason + " reply=true");
        assertThat(logs.lines()).allSatisfy(line -> assertThat(line).contains("\"level\":\"INFO\""));
        assertThat(rejections(logs)).containsExactly(reason.name());
    }

    /** A stored hash damaged by hand or by a bad restore: the owner's right PIN must not count towards the lock. */
    @Test
    void aDamagedPinHashGetsTheGenericReplyCountsNoGuessAndIsLoggedAsAnError() {
        String damaged = TestAccounts.PIN_HASH.substring(0, TestAccounts.PIN_HASH.length() - 3);
        accounts.postingWithPinHash(LINKED, damaged);

        for (int i = 1; i <= 6; i++) {
            assertThat(handle(post("m-" + i, PIN + " It is me", T0.plusSeconds(i))))
                    .isEqualTo(new PostingOutcome.Rejected(Rejection.PIN_RECORD_INVALID, i == 1));
        }

        PhoneLink link = accounts.link();
        assertThat(link.pinFailures()).isZero();
        assertThat(link.locked()).isFalse();
        assertThat(posts(stack)).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("purpose").asText())
                .containsExactly("POSTING_UNAVAILABLE");
        assertThat(logs.lines()).filteredOn(line -> line.contains("\"level\":\"ERROR\""))
                .hasSize(6)
                .allSatisfy(line -> assertThat(line).contains("PIN_RECORD_INVALID").contains(ACCOUNT).doesNotContain(damaged));
        assertThat(rejections(logs)).containsOnly("PIN_RECORD_INVALID");
    }

    @Test
    void theGenericReplyGoesOutOncePerNumberPerDay() {
        handle(post("m-1", PIN + " Hello", T0));
        clock.advance(Duration.ofHours(23));
        handle(post("m-2", PIN + " Hello again", clock.instant()));
        accounts.linked(LINKED);
        handle(post("m-3", PIN + " And again", clock.instant()));
        clock.advance(Duration.ofHours(1));
        handle(post("m-4", PIN + " A day later", clock.instant()));

        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("requestId").asText())
                .containsExactly("m-1#reply", "m-4#reply");
        assertThat(rejections(logs)).containsExactly("NOT_LINKED", "NOT_LINKED", "POSTING_OFF", "POSTING_OFF");
    }

    @Test
    void theCoolingOffPeriodRunsFromTheLinkOnTheInjectedClock() {
        accounts.postingWithPin(T0, false);

        clock.set(T0.plus(Duration.ofHours(24)).minusSeconds(1));
        assertThat(handle(post("m-1", PIN + " Too early", clock.instant()))).isInstanceOf(PostingOutcome.Rejected.class);
        clock.set(T0.plus(Duration.ofHours(24)));
        assertThat(handle(post("m-2", PIN + " Just in time", clock.instant()))).isInstanceOf(PostingOutcome.Posted.class);

        assertThat(rejections(logs)).containsExactly("COOLING_OFF");
        assertThat(posts(stack)).hasSize(1);
    }

    @Test
    void aTextReceivedBeforeTheNumberWasLinkedNeverPostsForTheNewAccount() {
        accounts.postingWithPin(T0, false);
        clock.set(T0.plus(Duration.ofDays(3)));

        assertThat(handle(post("m-1", PIN + " Sent before the link", T0.minusSeconds(1))))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, true));
    }

    // ------------------------------------------------------------------ PIN

    @Test
    void aTextWithoutThePinIsRefusedWithAHintAndIsNotAGuess() {
        accounts.postingWithPin(LINKED, false);

        assertThat(handle(post("m-1", "Hello without my PIN", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.PIN_MISSING, true));
        assertThat(handle(post("m-2", PIN + "Hello with no space", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.PIN_MISSING, true));

        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("text").asText())
                .containsOnly("Not posted: start your text with your SMS PIN and a space.");
        assertThat(accounts.link().pinFailures()).isZero();
        assertThat(posts(stack)).isEmpty();
    }

    @Test
    void wrongPinsAreCountedAndTheRightOneEndsTheRun() {
        accounts.postingWithPin(LINKED, false);

        handle(post("m-1", "11111111 Let me in", T0));
        handle(post("m-2", "2222 Let me in", T0));
        assertThat(accounts.link().pinFailures()).isEqualTo(2);
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("text").asText())
                .containsExactly(PostingReplies.wrongPin(4), PostingReplies.wrongPin(3));

        assertThat(handle(post("m-3", PIN + " It is me", T0))).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(accounts.link().pinFailures()).isZero();
        assertThat(rejections(logs)).containsExactly("WRONG_PIN", "WRONG_PIN");
    }

    @Test
    void theFifthWrongPinInARowLocksSmsPostingAndTellsTheAccount() {
        accounts.postingWithPin(LINKED, false);
        for (int i = 1; i <= 4; i++) {
            handle(post("guess-" + i, "1000000" + i + " let me in", T0));
        }
        assertThat(accounts.link().locked()).isFalse();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();

        clock.advance(Duration.ofSeconds(30));
        handle(post("guess-5", "10000005 let me in", clock.instant()));

        PhoneLink link = accounts.link();
        assertThat(link.locked()).isTrue();
        assertThat(link.smsPosting()).isFalse();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();
        Published locked = single("SecurityEventsTopic");
        assertThat(locked.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("type", "PostingLocked", "country", "GB"));
        assertThat(locked.json().path("type").asText()).isEqualTo("PostingLocked");
        assertThat(locked.json().path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(locked.json().path("reason").asText()).isEqualTo("WRONG_PINS");
        assertThat(locked.json().path("eventId").asText()).isEqualTo(io.smsgate.shared.domain.SecurityEvent.idFor(
                io.smsgate.shared.domain.SecurityEvent.Type.PostingLocked, ACCOUNT, clock.instant().toString()));
        assertThat(Instant.parse(locked.json().path("at").asText())).isEqualTo(clock.instant());
        JsonNode notice = stack.tap("OutboundSmsTopic").messages().getLast().json();
        assertThat(notice.path("purpose").asText()).isEqualTo("POSTING_LOCKED");
        assertThat(notice.path("text").asText()).isEqualTo(PostingReplies.LOCKED);
        assertThat(notice.path("requestId").asText()).isEqualTo("PostingLocked#alice#" + clock.instant().toEpochMilli());
        assertThat(metrics(logs, "PostingLocked")).hasSize(1);

        // Locked means locked: the right PIN does not post, and the notice is not repeated.
        assertThat(handle(post("m-6", PIN + " It is really me", clock.instant())))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.LOCKED, true));
        assertThat(stack.tap("SecurityEventsTopic").messages()).hasSize(1);
        assertThat(ofType(stack.tap("OutboundSmsTopic").messages(), "OutboundSms"))
                .extracting(m -> m.json().path("purpose").asText()).containsOnlyOnce("POSTING_LOCKED");

        // Turning SMS posting on again in the settings clears the lock and the count, and re-arms:
        // the cooling-off runs again from then.
        accounts.settings(true, clock.instant());
        assertThat(handle(post("m-7", PIN + " Back again", clock.instant())))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, false));
        clock.advance(Duration.ofHours(24));
        assertThat(handle(post("m-8", PIN + " Back again", clock.instant()))).isInstanceOf(PostingOutcome.Posted.class);
    }

    @Test
    void aCrashBeforeTheLockNoticeIsMadeGoodWhenTheTextIsRetried() {
        accounts.postingWithPin(LINKED, false);
        for (int i = 1; i <= 4; i++) {
            handle(post("guess-" + i, "1000000" + i + " let me in", T0));
        }
        securityTopic.failNext(event -> event.type().equals("PostingLocked"));
        ApprovedCommand fifth = post("guess-5", "10000005 let me in", T0);

        assertThatThrownBy(() -> handle(fifth)).isInstanceOf(FailingOnceTopic.SimulatedCrash.class);
        assertThat(accounts.link().locked()).isTrue();
        assertThat(stack.tap("SecurityEventsTopic").messages()).isEmpty();

        clock.advance(Duration.ofMinutes(1)); // Lambda's first retry, after the crashed notifier's lease
        handle(fifth);
        handle(post("m-7", PIN + " another try", T0));

        assertThat(stack.tap("SecurityEventsTopic").messages()).hasSize(1);
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("purpose").asText())
                .containsOnlyOnce("POSTING_LOCKED");
    }

    @Test
    void wherePolicyAsksForNoPinTheLinkedNumberIsEnoughUnlessTheAccountSetAPin() {
        accounts.postingWithoutPin(LINKED);
        ApprovedCommand noPinNeeded = command("m-1", CommandName.POST, "2026 was a good year", T0, PostingAuth.NONE, 10);
        assertThat(handle(noPinNeeded)).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(single("PostsTopic").json().path("text").asText()).as("nothing stripped").isEqualTo("2026 was a good year");

        // Set (and so armed) long enough ago for its cooling-off to have passed.
        accounts.links().updateSettings(ACCOUNT, new io.smsgate.shared.port.PhoneLinks.SettingsChange(true, TestAccounts.PIN_HASH, null),
                LINKED.plusSeconds(1));
        assertThat(handle(command("m-2", CommandName.POST, "No PIN this time", T0, PostingAuth.NONE, 10)))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.PIN_MISSING, true));
        assertThat(handle(command("m-3", CommandName.POST, PIN + " With my own PIN", T0, PostingAuth.NONE, 10)))
                .isInstanceOf(PostingOutcome.Posted.class);
        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostCreated")).extracting(m -> m.json().path("text").asText())
                .containsExactly("2026 was a good year", "With my own PIN");
    }

    // ------------------------------------------------------------------ text and rate

    @Test
    void theTextIsTrimmedAndCountedInCodePointsAfterThePin() {
        accounts.postingWithPin(LINKED, false);
        String emoji280 = "🙂".repeat(280);

        assertThat(handle(post("m-1", PIN + " \n " + emoji280 + " \t", T0))).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(handle(post("m-2", PIN + " " + emoji280 + "!", T0)))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.TEXT_TOO_LONG, true));
        assertThat(handle(post("m-3", PIN + "    ", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.EMPTY_TEXT, true));

        assertThat(single("PostsTopic").json().path("text").asText()).isEqualTo(emoji280);
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("text").asText())
                .containsExactly(PostingReplies.tooLong(281, 280), PostingReplies.EMPTY_TEXT);
    }

    @Test
    void thePolicysHourlyLimitIsCountedPerAccountAndStartsAgainNextHour() {
        accounts.postingWithPin(LINKED, false);
        clock.set(Instant.parse("2026-11-25T10:58:00Z"));

        assertThat(handle(command("m-1", CommandName.POST, PIN + " one", clock.instant(), PostingAuth.PIN, 2))).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(handle(command("m-2", CommandName.POST, PIN + " two", clock.instant(), PostingAuth.PIN, 2))).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(handle(command("m-3", CommandName.POST, PIN + " three", clock.instant(), PostingAuth.PIN, 2)))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.RATE_LIMITED, true));
        clock.set(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(handle(command("m-4", CommandName.POST, PIN + " four", clock.instant(), PostingAuth.PIN, 2))).isInstanceOf(PostingOutcome.Posted.class);

        assertThat(posts(stack)).hasSize(3);
        assertThat(single("OutboundSmsTopic").json().path("text").asText()).isEqualTo(PostingReplies.rateLimited(2));
        assertThat(stack.scan("CountersTable")).extracting(item -> item.get("pk").s())
                .contains("PostsPerHour#alice#2026112510", "PostsPerHour#alice#2026112511");
    }

    @Test
    void repliesThatSayWhatToFixAreLimitedPerNumberPerHour() {
        accounts.postingWithPin(LINKED, false);
        for (int i = 1; i <= 7; i++) {
            handle(post("m-" + i, "no pin here " + i, T0));
        }
        assertThat(stack.tap("OutboundSmsTopic").messages()).hasSize(5);
        assertThat(rejections(logs)).hasSize(7).containsOnly("PIN_MISSING");
    }

    // ------------------------------------------------------------------ at least once

    @Test
    void aRedeliveredTextMakesOnePostAndOneAnnouncement() {
        accounts.postingWithPin(LINKED, true);
        ApprovedCommand command = post("m-1", PIN + " Once only", T0);

        assertThat(handle(command)).isInstanceOf(PostingOutcome.Posted.class);
        assertThat(handle(command)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));
        assertThat(handle(command)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));

        assertThat(posts(stack)).hasSize(1);
        assertThat(stack.tap("PostsTopic").messages()).hasSize(1);
        assertThat(stack.tap("OutboundSmsTopic").messages()).as("one confirmation").hasSize(1);
        assertThat(stack.scan("CountersTable")).filteredOn(item -> item.get("pk").s().startsWith("PostsPerHour#"))
                .singleElement().satisfies(item -> assertThat(item.get("count").n()).as("counted once").isEqualTo("1"));
    }

    @Test
    void aCrashBetweenTheWriteAndThePublishEndsWithOnePostAndItsPostCreated() {
        accounts.postingWithPin(LINKED, true);
        ApprovedCommand command = post("m-1", PIN + " Survives a crash", T0);
        postsTopic.failNext(event -> event instanceof PostCreated);

        assertThatThrownBy(() -> handle(command)).isInstanceOf(FailingOnceTopic.SimulatedCrash.class);
        assertThat(posts(stack)).singleElement().satisfies(item -> assertThat(item.get("published").bool()).isFalse());
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();

        // Lambda retries the event (or SNS redelivers it): the pending announcement goes out.
        clock.advance(Duration.ofMinutes(1));
        assertThat(handle(command)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));
        assertThat(handle(command)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));

        assertThat(posts(stack)).singleElement().satisfies(item -> assertThat(item.get("published").bool()).isTrue());
        Published created = single("PostsTopic");
        assertThat(created.json().path("postId").asText()).isEqualTo(Post.idFor("m-1"));
        assertThat(created.json().path("text").asText()).isEqualTo("Survives a crash");
        assertThat(Instant.parse(created.json().path("createdAt").asText())).as("the stored post, as written").isEqualTo(T0.plusSeconds(2));
        assertThat(single("OutboundSmsTopic").json().path("requestId").asText()).isEqualTo("m-1#confirm");
    }

    // ------------------------------------------------------------------ UNDO

    @Test
    void undoDeletesTheLastSmsPostWithinTenMinutesOnceEvenWhenRedelivered() {
        accounts.postingWithPin(LINKED, false);
        clock.set(T0.minus(Duration.ofMinutes(5)));
        handle(post("m-0", PIN + " An older post", clock.instant()));
        clock.set(T0);
        handle(post("m-1", PIN + " Oops", T0));

        ApprovedCommand undo = undo("u-1", T0.plus(Duration.ofMinutes(10)).minusSeconds(1));
        clock.set(T0.plus(Duration.ofMinutes(12)));
        assertThat(handle(undo)).as("judged by when UNDO was received, not processed").isEqualTo(new PostingOutcome.Undone(Post.idFor("m-1")));
        assertThat(handle(undo)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));
        assertThat(handle(undo("u-2", clock.instant()))).as("the next post back is past the window")
                .isEqualTo(new PostingOutcome.Rejected(Rejection.UNDO_TOO_LATE, true));

        Map<String, AttributeValue> tombstone = item(Post.idFor("m-1"));
        assertThat(tombstone).doesNotContainKey("text");
        assertThat(tombstone.get("deletedBy").s()).isEqualTo("u-1");
        assertThat(tombstone.get("deletePublished").bool()).isTrue();
        // Kept as long as template.yaml says (longer than any redelivery or redrive: TrustBoundariesTemplateTest).
        Duration kept = Duration.ofSeconds(Long.parseLong(stack.functionEnvironment("PostingFunction").get("POST_TOMBSTONE_RETENTION_SECONDS")));
        assertThat(kept).isGreaterThan(Duration.ofDays(42));
        assertThat(Long.parseLong(tombstone.get("expiresAt").n())).isEqualTo(clock.instant().plus(kept).getEpochSecond());
        assertThat(item(Post.idFor("m-0")).get("text").s()).as("only the last post").isEqualTo("An older post");

        List<Published> deleted = ofType(stack.tap("PostsTopic").messages(), "PostDeleted");
        assertThat(deleted).singleElement().satisfies(message -> {
            assertThat(message.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("kind", "PostDeleted", "country", "GB"));
            assertThat(fieldNames(message.json())).containsExactlyInAnyOrder("type", "version", "postId", "accountId", "source",
                    "country", "reason", "deletedAt");
            assertThat(message.json().path("postId").asText()).isEqualTo(Post.idFor("m-1"));
            assertThat(message.json().path("reason").asText()).isEqualTo("UNDO");
        });
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("text").asText())
                .containsExactly(PostingReplies.UNDONE, PostingReplies.nothingToUndo(Duration.ofMinutes(10)));
        assertThat(metrics(logs, "PostsUndone")).hasSize(1);

        // The undone text redelivered is not posted again.
        assertThat(handle(post("m-1", PIN + " Oops", T0))).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));
        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostCreated")).hasSize(2);
    }

    @Test
    void undoTenMinutesOrMoreAfterThePostDeletesNothing() {
        accounts.postingWithPin(LINKED, false);
        handle(post("m-1", PIN + " Too late to take back", T0));

        assertThat(handle(undo("u-1", clock.instant().plus(Duration.ofMinutes(10)))))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.UNDO_TOO_LATE, true));

        assertThat(item(Post.idFor("m-1")).get("text").s()).isEqualTo("Too late to take back");
        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostDeleted")).isEmpty();
        assertThat(single("OutboundSmsTopic").json().path("text").asText()).isEqualTo(PostingReplies.nothingToUndo(Duration.ofMinutes(10)));
    }

    @Test
    void undoNeedsNoPinAndWorksWhenSmsPostingWasTurnedOffOrLocked() {
        accounts.postingWithPin(LINKED, false);
        handle(post("m-1", PIN + " Posted by someone who knew my PIN", T0));
        accounts.settings(false, T0);

        assertThat(handle(undo("u-1", T0.plusSeconds(60)))).isEqualTo(new PostingOutcome.Undone(Post.idFor("m-1")));

        accounts.settings(true, LINKED.plusSeconds(1));
        clock.set(T0.plusSeconds(90));
        handle(post("m-2", PIN + " Another one", clock.instant()));
        for (int i = 1; i <= 5; i++) {
            handle(post("guess-" + i, "1000000" + i + " guess", T0.plusSeconds(100)));
        }
        assertThat(accounts.link().locked()).isTrue();
        assertThat(handle(undo("u-2", T0.plusSeconds(120)))).isEqualTo(new PostingOutcome.Undone(Post.idFor("m-2")));
    }

    @Test
    void undoAnswersNothingToUndoTheSameWayWhetherOrNotTheNumberIsLinked() {
        assertThat(handle(undo("u-1", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.NOT_LINKED, true));
        accounts.postingWithPin(LINKED, false);
        assertThat(handle(undo("u-2", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.NO_RECENT_POST, true));

        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("text").asText())
                .containsExactly(PostingReplies.nothingToUndo(Duration.ofMinutes(10)), PostingReplies.nothingToUndo(Duration.ofMinutes(10)));
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("purpose").asText())
                .containsOnly("POSTING_REJECTED");
    }

    @Test
    void undoOnlyReachesPostsMadeBeforeItArrived() {
        accounts.postingWithPin(LINKED, false);
        clock.set(T0.plusSeconds(30));
        handle(post("m-1", PIN + " Written after the UNDO arrived", T0.plusSeconds(20)));

        assertThat(handle(undo("u-1", T0.plusSeconds(10)))).isEqualTo(new PostingOutcome.Rejected(Rejection.NO_RECENT_POST, true));
        assertThat(item(Post.idFor("m-1"))).containsKey("text");
    }

    @Test
    void aCrashBeforePostDeletedIsPublishedIsMadeGoodOnRedelivery() {
        accounts.postingWithPin(LINKED, false);
        handle(post("m-1", PIN + " Take me back", T0));
        postsTopic.failNext(event -> event instanceof PostDeleted);
        ApprovedCommand undo = undo("u-1", T0.plusSeconds(60));

        assertThatThrownBy(() -> handle(undo)).isInstanceOf(FailingOnceTopic.SimulatedCrash.class);
        assertThat(item(Post.idFor("m-1")).get("deletePublished").bool()).isFalse();

        assertThat(handle(undo)).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-1")));
        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostDeleted")).hasSize(1);
        assertThat(item(Post.idFor("m-1")).get("deletePublished").bool()).isTrue();
    }

    // ------------------------------------------------------------------ helpers

    private PostingOutcome handle(ApprovedCommand command) {
        return service.handle(TestAccounts.signed(command), "sns-" + command.inboundMessageId());
    }

    private Published single(String topic) {
        List<Published> messages = stack.tap(topic).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private Map<String, AttributeValue> item(String postId) {
        return stack.dynamoDb().getItem(r -> r.tableName(stack.physicalId("PostsTable"))
                .key(Map.of("postId", AttributeValue.fromS(postId))).consistentRead(true)).item();
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new java.util.TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names.stream().collect(Collectors.toSet());
    }
}
