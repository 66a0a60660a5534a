package io.smsgate.posting;

import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.posting.PostingAssertions.metrics;
import static io.smsgate.posting.PostingAssertions.ofType;
import static io.smsgate.posting.PostingAssertions.posts;
import static io.smsgate.posting.PostingAssertions.rejections;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.security.CanonicalJson;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * PostingFunction's handler against the emulator, one test per sample event in events/posting/ (SNS
 * events from ApprovedCommandsTopic whose message is an ApprovedCommand; the sender is sealed with the
 * local development key). The handler is built from template.yaml's environment, with the clock set
 * just after the samples' time (10:00 UTC on 25 November 2026) so the samples stay valid.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PostingHandlerIT {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:01Z");
    private static final Instant LINKED = NOW.minus(Duration.ofDays(3));

    private Stack stack;
    private LogCapture logs;
    private MutableClock clock;
    private PostingHandler handler;
    private TestAccounts accounts;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.clock = new MutableClock(NOW);
        this.handler = new PostingHandler(PostingWiring.service(environment(), clock, UnaryOperator.identity()));
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

    // ------------------------------------------------------------------ posts

    @ParameterizedTest
    @SampleEvent("events/posting/post.json")
    void aLinkedAccountPostsWithItsPin(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);

        Published created = single("PostsTopic");
        assertThat(created.json().path("type").asText()).isEqualTo("PostCreated");
        assertThat(created.json().path("postId").asText()).isEqualTo(Post.idFor("6f1c2b3a-0101-4d5e-8f90-a1b2c3d4e5f6"));
        assertThat(created.json().path("text").asText()).isEqualTo("Hello from my phone, posting by text!");
        assertThat(created.json().path("accountId").asText()).isEqualTo("alice");
        assertThat(created.json().path("source").asText()).isEqualTo("sms");
        assertThat(created.json().path("country").asText()).isEqualTo("GB");
        assertThat(posts(stack)).hasSize(1);
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
    }

    @ParameterizedTest
    @SampleEvent("events/posting/duplicate-delivery.json")
    void theSameApprovedTextDeliveredTwiceIsOnePost(String duplicate) {
        accounts.postingWithPin(LINKED, false);
        invoke(load("post.json"));
        invoke(duplicate);

        assertThat(posts(stack)).hasSize(1);
        assertThat(stack.tap("PostsTopic").messages()).hasSize(1);
        assertThat(metrics(logs, "PostingRedelivered")).hasSize(1);
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-280-code-points.json")
    void twoHundredAndEightyCodePointsWithEmojiArePosted(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);

        String text = single("PostsTopic").json().path("text").asText();
        assertThat(text.codePointCount(0, text.length())).isEqualTo(280);
        assertThat(text.length()).as("UTF-16 chars: the emoji are two each").isGreaterThan(280);
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-281-code-points.json")
    void twoHundredAndEightyOneCodePointsAreRefusedNotTruncated(String event) {
        accounts.postingWithPin(LINKED, false);
        assertRefused(event, "TEXT_TOO_LONG", "POSTING_REJECTED", PostingReplies.tooLong(281, 280));
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-without-pin.json")
    void aTextWithoutThePinIsRefused(String event) {
        accounts.postingWithPin(LINKED, false);
        assertRefused(event, "PIN_MISSING", "POSTING_REJECTED", PostingReplies.PIN_MISSING);
        assertThat(accounts.link().pinFailures()).isZero();
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-wrong-pin.json")
    void aWrongPinIsRefusedAndCounted(String event) {
        accounts.postingWithPin(LINKED, false);
        assertRefused(event, "WRONG_PIN", "POSTING_REJECTED", PostingReplies.wrongPin(4));
        assertThat(accounts.link().pinFailures()).isEqualTo(1);
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-pin-only.json")
    void aPinWithNothingAfterItIsRefused(String event) {
        accounts.postingWithPin(LINKED, false);
        assertRefused(event, "EMPTY_TEXT", "POSTING_REJECTED", PostingReplies.EMPTY_TEXT);
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-policy-without-pin.json")
    void whereThePolicyAsksForNoPinTheWholeTextIsPosted(String event) {
        accounts.postingWithoutPin(LINKED);
        invoke(event);
        assertThat(single("PostsTopic").json().path("text").asText()).isEqualTo("Posting where the policy asks for no PIN");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post.json")
    void anUnlinkedNumberGetsTheGenericReply(String event) {
        assertRefused(event, "NOT_LINKED", "POSTING_UNAVAILABLE", "To post by text, turn on SMS posting in your settings.");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/post-rate-limited.json")
    void aPolicyWithNoPostsLeftThisHourRefuses(String event) {
        accounts.postingWithPin(LINKED, false);
        assertRefused(event, "RATE_LIMITED", "POSTING_REJECTED", PostingReplies.rateLimited(0));
    }

    // ------------------------------------------------------------------ UNDO

    @ParameterizedTest
    @SampleEvent("events/posting/undo.json")
    void undoThreeMinutesLaterDeletesThePost(String undo) {
        accounts.postingWithPin(LINKED, false);
        invoke(load("post.json"));
        clock.set(Instant.parse("2026-11-25T10:03:02Z"));
        invoke(undo);
        invoke(undo);

        List<Published> deleted = ofType(stack.tap("PostsTopic").messages(), "PostDeleted");
        assertThat(deleted).singleElement().satisfies(m ->
                assertThat(m.json().path("postId").asText()).isEqualTo(Post.idFor("6f1c2b3a-0101-4d5e-8f90-a1b2c3d4e5f6")));
        assertThat(posts(stack)).singleElement().satisfies(item -> {
            assertThat(item).doesNotContainKey("text");
            assertThat(item.get("deletedBy").s()).isEqualTo("6f1c2b3a-0110-4d5e-8f90-a1b2c3d4e5f6");
        });
        assertThat(single("OutboundSmsTopic").json().path("text").asText()).isEqualTo(PostingReplies.UNDONE);
    }

    @ParameterizedTest
    @SampleEvent("events/posting/undo-too-late.json")
    void undoTwelveMinutesLaterDeletesNothing(String undo) {
        accounts.postingWithPin(LINKED, false);
        invoke(load("post.json"));
        clock.set(Instant.parse("2026-11-25T10:12:02Z"));
        invoke(undo);

        assertThat(ofType(stack.tap("PostsTopic").messages(), "PostDeleted")).isEmpty();
        assertThat(posts(stack)).singleElement().satisfies(item -> assertThat(item).containsKey("text"));
        assertThat(rejections(logs)).containsExactly("UNDO_TOO_LATE");
        assertThat(single("OutboundSmsTopic").json().path("text").asText()).isEqualTo(PostingReplies.nothingToUndo(Duration.ofMinutes(10)));
    }

    // ------------------------------------------------------------------ bad input: logged, counted, nothing written, no throw

    @ParameterizedTest
    @SampleEvent("events/posting/malformed-json.json")
    void malformedJsonIsRejected(String event) {
        // Through the public constructor Lambda's runtime uses (system clock): nothing here depends on time.
        assertThat(Invocations.invoke(new PostingHandler(environment()), event, context())).isEmpty();
        assertDropped("MALFORMED_COMMAND");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/missing-sender.json")
    void aCommandWithoutItsSenderIsRejected(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);
        assertDropped("MALFORMED_COMMAND");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/tampered-sender.json")
    void aSenderNotSealedForItsKeyIsRejected(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);
        assertDropped("TAMPERED_SENDER");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/misrouted-help.json")
    void aCommandThatIsNeitherPostNorUndoIsRejected(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);
        assertDropped("UNEXPECTED_COMMAND");
    }

    // ------------------------------------------------------------------ forged, replayed, tampered: dropped without a trace

    @ParameterizedTest
    @SampleEvent("events/posting/forged-altered-policy.json")
    void aCommandWhosePolicyFactsWereAlteredIsDropped(String event) {
        // post.json with postingAuth NONE and 1000 posts an hour, its MAC kept: an account without a PIN
        // would post under the forged policy, and must not.
        accounts.postingWithoutPin(LINKED);
        invoke(event);
        assertDropped("MAC_INVALID");
        assertThat(logs.all()).contains("approved command rejected: reason=MAC_INVALID");
    }

    @ParameterizedTest
    @SampleEvent("events/posting/forged-unsigned.json")
    void aCommandWithoutAMacIsDropped(String event) {
        accounts.postingWithPin(LINKED, false);
        invoke(event);
        assertDropped("MAC_MISSING");
    }

    @Test
    void aCommandMacedWithAnotherDeploymentsKeyIsDropped() {
        accounts.postingWithPin(LINKED, false);
        KeyRing elsewhere = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
        invoke(snsEvent(new MessageSigner(elsewhere).write(TestAccounts.post("m-1", TestAccounts.PIN + " hello", NOW))));
        assertDropped("MAC_INVALID");
    }

    @Test
    void aSealReplayedInsideANewMessageIsDropped() {
        // The sender and body of post.json, copied into a new command that even carries a valid MAC (what a
        // bug upstream, or a leaked MAC key without the sealing key, could make): they open only in post.json.
        accounts.postingWithPin(LINKED, false);
        ObjectNode original = (ObjectNode) Json.tree(Json.read(load("post.json"), SnsEvent.class).records().getFirst().sns().message());
        ApprovedCommand fresh = TestAccounts.post("replayed-1", "whatever", NOW);
        ObjectNode replayed = (ObjectNode) Json.mapper().valueToTree(fresh);
        replayed.set("sender", original.get("sender"));
        invoke(snsEvent(signedTree(replayed)));
        assertDropped("TAMPERED_SENDER");

        replayed = (ObjectNode) Json.mapper().valueToTree(TestAccounts.post("replayed-2", "whatever", NOW));
        replayed.set("sealedText", original.get("sealedText"));
        logs.clear();
        invoke(snsEvent(signedTree(replayed)));
        assertDropped("TAMPERED_TEXT");
    }

    private static String signedTree(ObjectNode node) {
        node.remove("mac");
        node.put("mac", TestAccounts.KEYS.mac(ApprovedCommand.TYPE, CanonicalJson.of(node)));
        return Json.write(node);
    }

    private static String snsEvent(String message) {
        return new String(LambdaEvents.bytes(SnsEvent.of("arn:aws:sns:us-east-1:000000000000:forged:1",
                SnsEvent.Notification.of("sns-forged", "arn:aws:sns:us-east-1:000000000000:forged", message, "2026-11-25T10:00:00.000Z"))),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void bytesThatAreNotAnSnsEventAreRejectedNotRetried() {
        accounts.postingWithPin(LINKED, false);
        for (String bytes : new String[] {"", "{\"Records\":[{\"Sns\":[]}]}", "{\"Records\":7}"}) {
            invoke(bytes);
        }
        assertThat(logs.all()).contains("approved command rejected: reason=UNREADABLE_EVENT");
        assertThat(posts(stack)).isEmpty();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
    }

    @Test
    void everySampleEventHasATest() {
        assertThat(SampleEvents.untested("posting", Set.of(), PostingHandlerIT.class)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private Environment environment() {
        return new Environment(stack.functionEnvironment("PostingFunction"));
    }

    /** As the runtime calls it: the event's bytes in; an SNS-triggered function answers nothing. */
    private void invoke(String event) {
        assertThat(Invocations.invoke(handler, event, context())).isEmpty();
    }

    private static LocalContext context() {
        return new LocalContext("PostingFunction", 15, 1024);
    }

    private void assertRefused(String event, String reason, String purpose, String reply) {
        invoke(event);
        assertThat(posts(stack)).isEmpty();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();
        Published text = single("OutboundSmsTopic");
        assertThat(text.json().path("purpose").asText()).isEqualTo(purpose);
        assertThat(text.json().path("text").asText()).isEqualTo(reply);
        assertThat(rejections(logs)).containsExactly(reason);
        assertThat(logs.all()).contains("reason=" + reason);
    }

    private void assertDropped(String reason) {
        assertThat(posts(stack)).isEmpty();
        assertThat(stack.tap("PostsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).as("no reply to a message we cannot trust").isEmpty();
        assertThat(stack.scan("CountersTable")).isEmpty();
        assertThat(accounts.links().find(TestAccounts.PHONE_KEY).map(link -> link.pinFailures()).orElse(0)).isZero();
        assertThat(rejections(logs)).containsExactly(reason);
        assertThat(logs.all()).contains("reason=" + reason);
    }

    private Published single(String topic) {
        List<Published> messages = stack.tap(topic).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private static String load(String file) {
        return SampleEvents.text("events/posting/" + file);
    }
}
