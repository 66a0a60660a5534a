package io.smsgate.posting;

import static io.smsgate.posting.PostingAssertions.ofType;
import static io.smsgate.posting.PostingAssertions.posts;
import static io.smsgate.posting.TestAccounts.ACCOUNT;
import static io.smsgate.posting.TestAccounts.PIN;
import static io.smsgate.posting.TestAccounts.PHONE_KEY;
import static io.smsgate.posting.TestAccounts.post;
import static io.smsgate.posting.TestAccounts.undo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.aws.DynamoCounters;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.aws.SnsTopic;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.port.ForwardingPhoneLinks;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.PinHasher;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 10, the posting side: the cooling-off after arming, the PIN lock under concurrency and
 * redelivery, the SIM-swap check, a link changed between the PIN check and the write, and UNDO in the
 * order texts were received. Against the emulator, with PhoneLinks decorated where a test needs to
 * choose an interleaving.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PostingTakeoverIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
    private static final Instant LINKED = T0.minus(Duration.ofDays(2));
    private static final Duration COOLING_OFF = Duration.ofHours(24);

    private Stack stack;
    private MutableClock clock;
    private TestAccounts accounts;
    private PostingConfig config;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.clock = new MutableClock(T0.plusSeconds(2));
        this.accounts = new TestAccounts(stack);
        this.config = PostingConfig.from(new Environment(stack.functionEnvironment("PostingFunction"))
                .with("POSTING_COOLING_OFF_SECONDS", Long.toString(COOLING_OFF.toSeconds())));
    }

    private PostingService service(PhoneLinks links, SimSwapSignal simSwap) {
        return service(links, new DynamoPostingReads(stack.dynamoDb(), config.postsTable(), config.phoneLinksTable()), simSwap);
    }

    private PostingService service(Together together) {
        return service(together.links(), together.reads(), SimSwapSignal.none());
    }

    private PostingService service(PhoneLinks links, PostingReads reads, SimSwapSignal simSwap) {
        return new PostingService(config, links, reads,
                new DynamoPostStore(stack.dynamoDb(), config.postsTable(), config.phoneLinksTable(), config.countersTable()),
                new DynamoCounters(stack.dynamoDb(), config.countersTable()),
                new SnsTopic<>(stack.sns(), config.postsTopicArn()),
                new SnsTopic<>(stack.sns(), config.outboundSmsTopicArn(), new MessageSigner(TestAccounts.KEYS)),
                new SnsTopic<>(stack.sns(), config.securityEventsTopicArn()),
                simSwap,
                new PinCheck(new PinHasher(TestAccounts.KEYS, PinHasher.DEFAULT_ITERATIONS)),
                TestAccounts.KEYS,
                new EmfMetrics("smsgate", "PostingFunction", clock),
                clock);
    }

    private PostingService service() {
        return service(accounts.links(), SimSwapSignal.none());
    }

    private static PostingOutcome handle(PostingService service, ApprovedCommand command) {
        return service.handle(TestAccounts.signed(command), "sns-" + command.inboundMessageId());
    }

    // ------------------------------------------------------------------ arming and the cooling-off

    @Test
    void reArmingRestartsTheCoolingOffAndATextReceivedBeforeTheArmingNeverPosts() {
        accounts.postingWithPin(LINKED, false);
        PostingService service = service();
        assertThat(handle(service, post("m-1", PIN + " before", T0))).isInstanceOf(PostingOutcome.Posted.class);

        Instant armed = T0.plusSeconds(60);
        PhoneLink rearmed = accounts.links().updateSettings(ACCOUNT, new PhoneLinks.SettingsChange(true, TestAccounts.PIN_HASH, null),
                armed).orElseThrow();
        assertThat(rearmed.armedAt()).isEqualTo(armed);
        assertThat(rearmed.postingAllowedFrom(COOLING_OFF)).isEqualTo(armed.plus(COOLING_OFF));

        clock.set(armed.plus(COOLING_OFF).minusSeconds(1));
        assertThat(handle(service, post("m-2", PIN + " too early", clock.instant())))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, true));
        clock.set(armed.plus(COOLING_OFF));
        assertThat(handle(service, post("m-3", PIN + " sent before the arming", armed.minusSeconds(1))))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, false));
        assertThat(handle(service, post("m-4", PIN + " now", clock.instant()))).isInstanceOf(PostingOutcome.Posted.class);
    }

    /**
     * Found by smsgate soak: a text sent inside the cooling-off was posted when it was processed after
     * the cooling-off had ended (a retry, or a redrive from the dead-letter queue days later).
     */
    @Test
    void aTextReceivedInsideTheCoolingOffNeverPostsHoweverLateItIsProcessed() {
        accounts.postingWithPin(LINKED, false);
        PostingService service = service();
        Instant armed = T0.plusSeconds(60);
        accounts.links().updateSettings(ACCOUNT, new PhoneLinks.SettingsChange(true, TestAccounts.PIN_HASH, null), armed).orElseThrow();

        clock.set(armed.plus(COOLING_OFF).plus(Duration.ofDays(3)));
        assertThat(handle(service, post("m-late", PIN + " sent during the cooling-off", armed.plus(COOLING_OFF).minusSeconds(1))))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, true));
        assertThat(handle(service, post("m-after", PIN + " sent after it", armed.plus(COOLING_OFF))))
                .isInstanceOf(PostingOutcome.Posted.class);
    }

    // ------------------------------------------------------------------ the PIN lock

    /**
     * The interleaving that used to give N guesses: every text reads the link (unlocked, no failures)
     * before any of them writes anything. The barrier in find() holds each until all N have read.
     */
    @Test
    void twelveWrongGuessesReadingTheLinkTogetherHaveAtMostFiveJudged() throws Exception {
        accounts.postingWithPin(LINKED, false);
        int n = 12;
        PostingService service = service(readTogether(n));

        List<PostingOutcome> outcomes = concurrently(n, i -> post("guess-" + i, (10_000_000 + i) + " let me in", T0), service);

        long judged = outcomes.stream().filter(o -> o instanceof PostingOutcome.Rejected r && r.reason() == Rejection.WRONG_PIN).count();
        assertThat(judged).as("guesses judged").isEqualTo(5);
        assertThat(outcomes).filteredOn(o -> !(o instanceof PostingOutcome.Rejected r && r.reason() == Rejection.WRONG_PIN))
                .allSatisfy(o -> assertThat(o).isEqualTo(new PostingOutcome.Rejected(Rejection.LOCKED,
                        ((PostingOutcome.Rejected) o).replied())));
        PhoneLink link = accounts.link();
        assertThat(link.locked()).isTrue();
        assertThat(link.pinFailures()).isEqualTo(5);
        assertThat(stack.tap("SecurityEventsTopic").messages()).extracting(m -> m.json().path("type").asText())
                .containsExactly("PostingLocked");
        assertThat(posts(stack)).isEmpty();
    }

    @Test
    void aRedeliveredWrongPinCountsOnceEvenWhenTheDeliveriesRace() throws Exception {
        accounts.postingWithPin(LINKED, false);
        PostingService service = service();

        handle(service, post("m-1", "11111111 let me in", T0));
        handle(service, post("m-1", "11111111 let me in", T0));
        assertThat(accounts.link().pinFailures()).isEqualTo(1);

        PostingService racing = service(readTogether(3));
        concurrently(3, i -> post("m-2", "22222222 let me in", T0), racing);
        assertThat(accounts.link().pinFailures()).isEqualTo(2);

        // Four distinct wrong PINs and the fourth redelivered: still not locked; the fifth locks.
        handle(service, post("m-3", "33333333 let me in", T0));
        handle(service, post("m-4", "44444444 let me in", T0));
        handle(service, post("m-4", "44444444 let me in", T0));
        assertThat(accounts.link().locked()).isFalse();
        assertThat(accounts.link().pinFailures()).isEqualTo(4);
        handle(service, post("m-5", "55555555 let me in", T0));
        assertThat(accounts.link().locked()).isTrue();
        handle(service, post("m-5", "55555555 let me in", T0));
        assertThat(stack.tap("SecurityEventsTopic").messages()).hasSize(1);
    }

    @Test
    void aLinkThatChangesBetweenThePinCheckAndTheWriteDoesNotGetThePost() {
        accounts.postingWithPin(LINKED, false);
        // The owner changes the PIN (and so re-arms) while the text is being judged.
        PostingService service = service(new ForwardingPhoneLinks(accounts.links()) {
            @Override
            public Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses) {
                Optional<PhoneLink> reserved = super.reserveGuess(phoneKey, guessId, maxGuesses);
                accounts.links().updateSettings(ACCOUNT, new PhoneLinks.SettingsChange(true, "pbkdf2-sha256$1$new$pin", null),
                        T0.plusSeconds(1));
                return reserved;
            }
        }, SimSwapSignal.none());

        assertThat(handle(service, post("m-1", PIN + " hello", T0))).isEqualTo(new PostingOutcome.Rejected(Rejection.LINK_CHANGED, true));
        assertThat(posts(stack)).isEmpty();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();
    }

    // ------------------------------------------------------------------ SIM swap

    static Stream<Arguments> simSwapMatrix() {
        List<Arguments> cases = new ArrayList<>();
        for (SimSwapCheck check : SimSwapCheck.values()) {
            for (SimSwapStatus status : SimSwapStatus.values()) {
                cases.add(Arguments.of(check, status));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("simSwapMatrix")
    void theSimSwapSignalIsAskedWherePolicyWantsItAndARefusalDisarms(SimSwapCheck check, SimSwapStatus status) {
        accounts.postingWithPin(LINKED, false);
        AtomicInteger asked = new AtomicInteger();
        SimSwapSignal signal = new SimSwapSignal() {
            @Override
            public SimSwapStatus check(PhoneNumber number, int maxAgeHours) {
                assertThat(number).isEqualTo(TestAccounts.NUMBER);
                assertThat(maxAgeHours).isEqualTo(72);
                asked.incrementAndGet();
                return status;
            }

            @Override
            public boolean configured() {
                return true;
            }
        };
        PostingService service = service(accounts.links(), signal);
        ApprovedCommand base = post("m-1", PIN + " hello", T0);
        ApprovedCommand command = new ApprovedCommand(base.type(), base.version(), base.inboundMessageId(), base.command(),
                base.country(), base.sender(), base.destinationNumber(), base.sealedText(), base.receivedAt(), base.policyScope(),
                base.postingAuth(), check, 72, base.maxPostsPerHourPerAccount(), base.approvedAt());

        PostingOutcome outcome = handle(service, command);

        assertThat(asked.get()).isEqualTo(check.asks() ? 1 : 0);
        boolean refused = check.refuses(status);
        if (!refused) {
            assertThat(outcome).isInstanceOf(PostingOutcome.Posted.class);
            assertThat(stack.tap("SecurityEventsTopic").messages()).isEmpty();
            return;
        }
        assertThat(outcome).isEqualTo(new PostingOutcome.Rejected(Rejection.SIM_SWAPPED, true));
        JsonNode reply = stack.tap("OutboundSmsTopic").messages().getLast().json();
        assertThat(reply.path("text").asText()).isEqualTo(PostingReplies.UNAVAILABLE);
        assertThat(accounts.link().smsPosting()).as("disarmed").isFalse();
        assertThat(accounts.link().pinFailures()).as("no guess spent").isZero();
        assertThat(posts(stack)).isEmpty();
        JsonNode event = stack.tap("SecurityEventsTopic").messages().getLast().json();
        assertThat(event.path("type").asText()).isEqualTo("SimSwapSuspected");
        assertThat(event.path("accountId").asText()).isEqualTo(ACCOUNT);
        assertThat(event.path("country").asText()).isEqualTo("GB");
        assertThat(event.path("reason").asText()).isEqualTo("POSTING");
        assertThat(event.path("eventId").asText()).isEqualTo(SecurityEvent.idFor(SecurityEvent.Type.SimSwapSuspected, "m-1"));
        assertThat(event.toString()).doesNotContain(TestAccounts.SENDER_DIGITS).doesNotContain(PIN);

        // A redelivery meets a disarmed link: the generic refusal, and the same event id if it is told again.
        assertThat(handle(service, command)).isInstanceOf(PostingOutcome.Rejected.class);
        // Re-arming through the settings restarts the cooling-off.
        accounts.settings(true, clock.instant());
        assertThat(handle(service, post("m-2", PIN + " again", clock.instant())))
                .isEqualTo(new PostingOutcome.Rejected(Rejection.COOLING_OFF, false));
    }

    @Test
    void withNoProviderConfiguredTheSignalIsNeverAsked() {
        accounts.postingWithPin(LINKED, false);
        SimSwapSignal unconfigured = new SimSwapSignal() {
            @Override
            public SimSwapStatus check(PhoneNumber number, int maxAgeHours) {
                throw new AssertionError("asked although not configured");
            }

            @Override
            public boolean configured() {
                return false;
            }
        };
        ApprovedCommand base = post("m-1", PIN + " hello", T0);
        ApprovedCommand required = new ApprovedCommand(base.type(), base.version(), base.inboundMessageId(), base.command(),
                base.country(), base.sender(), base.destinationNumber(), base.sealedText(), base.receivedAt(), base.policyScope(),
                base.postingAuth(), SimSwapCheck.REQUIRED, 240, base.maxPostsPerHourPerAccount(), base.approvedAt());
        assertThat(handle(service(accounts.links(), unconfigured), required)).isInstanceOf(PostingOutcome.Posted.class);
    }

    // ------------------------------------------------------------------ UNDO

    @Test
    void undoTakesBackTheNewestReceivedPostThenTheNextOne() {
        accounts.postingWithPin(LINKED, false);
        PostingService service = service();
        // Received m-1 then m-2, processed the other way round (a retry delayed m-1).
        clock.set(T0.plusSeconds(20));
        handle(service, post("m-2", PIN + " second", T0.plusSeconds(10)));
        clock.set(T0.plusSeconds(30));
        handle(service, post("m-1", PIN + " first", T0));

        clock.set(T0.plusSeconds(60));
        assertThat(handle(service, undo("u-1", T0.plusSeconds(60)))).isEqualTo(new PostingOutcome.Undone(Post.idFor("m-2")));
        assertThat(handle(service, undo("u-1", T0.plusSeconds(60)))).isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-2")));
        assertThat(handle(service, undo("u-2", T0.plusSeconds(70)))).isEqualTo(new PostingOutcome.Undone(Post.idFor("m-1")));
        assertThat(handle(service, undo("u-1", T0.plusSeconds(60)))).as("the first UNDO redelivered after the second")
                .isEqualTo(new PostingOutcome.Redelivered(Post.idFor("m-2")));
        assertThat(handle(service, undo("u-3", T0.plusSeconds(80)))).isEqualTo(new PostingOutcome.Rejected(Rejection.ALREADY_UNDONE, true));
        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostDeleted")).extracting(m -> m.json().path("postId").asText())
                .containsExactly(Post.idFor("m-2"), Post.idFor("m-1"));
    }

    // ------------------------------------------------------------------ helpers

    /** The links and the first reads of a POST, decorated so that texts interleave as a test chooses. */
    private record Together(PhoneLinks links, PostingReads reads) {
    }

    /**
     * The first {@code n} reads of a POST (its post and its link, one request) wait for each other: all
     * of them happen before any write.
     */
    private Together readTogether(int n) {
        CyclicBarrier allRead = new CyclicBarrier(n);
        AtomicInteger reads = new AtomicInteger();
        PostingReads real = new DynamoPostingReads(stack.dynamoDb(), config.postsTable(), config.phoneLinksTable());
        PostingReads together = (postId, phoneKey) -> {
            PostingReads.Facts facts = real.read(postId, phoneKey);
            if (reads.incrementAndGet() <= n) {
                await(allRead);
            }
            return facts;
        };
        PhoneLinks links = new ForwardingPhoneLinks(accounts.links()) {
            // DynamoDB applies conditional writes to one item one at a time; moto's server does not
            // promise that to concurrent requests, so the test serializes the link writes as DynamoDB would.
            @Override
            public synchronized Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses) {
                return super.reserveGuess(phoneKey, guessId, maxGuesses);
            }

            @Override
            public synchronized PhoneLink lockIfSpent(String phoneKey, int maxGuesses, Instant at) {
                return super.lockIfSpent(phoneKey, maxGuesses, at);
            }
        };
        return new Together(links, together);
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the interleaving did not happen", e);
        }
    }

    private static List<PostingOutcome> concurrently(int n, java.util.function.IntFunction<ApprovedCommand> commands,
                                                     PostingService service) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<PostingOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ApprovedCommand command = commands.apply(i);
                futures.add(pool.submit(() -> handle(service, command)));
            }
            List<PostingOutcome> outcomes = new ArrayList<>();
            for (Future<PostingOutcome> future : futures) {
                outcomes.add(future.get(120, TimeUnit.SECONDS));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }
}
