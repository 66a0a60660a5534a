package io.smsgate.twofactor;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.MessageSigner;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conversion feedback through the door out: an approved check publishes one MAC'd {@code MessageFeedback}
 * (no number, no code) and calls no End User Messaging API itself; SendSmsFunction gives it
 * ({@code PutMessageFeedback} RECEIVED, recorded by the local stand-in) once, and texts nobody for it. A
 * publish that fails never fails the check; feedback End User Messaging refuses for good is dropped
 * with a reason, what it may accept later comes back, and a forged one is dropped unread.
 */
@ExtendWith(AwsEmulatorExtension.class)
class ConversionFeedbackIT {
    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
    }

    private List<TopicTap.Published> feedbackPublished() {
        return stack.tap("OutboundSmsTopic").messages().stream()
                .filter(m -> MessageFeedback.TYPE.equals(m.json().path("type").asText())).toList();
    }

    @Test
    void anApprovedCheckPublishesOneFeedbackThatTheDoorOutGivesOnceAndTextsNobodyFor() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String messageId = twoFactor.verification(id).messageId();
        assertThat(messageId).isEqualTo(twoFactor.texts().getLast().messageId());
        int texts = twoFactor.texts().size();

        twoFactor.clock.advance(Duration.ofSeconds(20));
        String code = twoFactor.lastCode(NUMBER);
        assertThat(json(twoFactor.check(id, code)).path("status").asText()).isEqualTo("APPROVED");
        assertThat(stack.outbox().feedback()).as("the API calls no End User Messaging API").isEmpty();
        assertThat(feedbackPublished()).singleElement().satisfies(published -> {
            assertThat(published.attributes()).isEqualTo(Map.of("kind", "FEEDBACK", "country", "GB"));
            assertThat(published.json().path("messageId").asText()).isEqualTo(messageId);
            assertThat(published.json().path("verificationId").asText()).isEqualTo(id);
            assertThat(published.json().path("status").asText()).isEqualTo("RECEIVED");
            assertThat(published.json().path("mac").asText()).startsWith("v1.");
            assertThat(published.body()).doesNotContain(TwoFactorStack.NUMBER_DIGITS).doesNotContain(code);
        });

        assertThat(twoFactor.deliverSends()).isEqualTo(1);
        assertThat(stack.outbox().feedback()).extracting(SmsOutbox.Feedback::messageId, SmsOutbox.Feedback::status)
                .containsExactly(Tuple.tuple(messageId, "RECEIVED"));
        assertThat(twoFactor.texts()).as("feedback texts nobody").hasSize(texts);
        assertThat(logs.all()).contains("feedback RECEIVED given for message " + messageId).contains("\\\"MessageFeedback\\\":1");

        // The backend's repeat of the approving check changes nothing, feedback included.
        assertThat(json(twoFactor.check(id, code)).path("status").asText()).isEqualTo("APPROVED");
        assertThat(feedbackPublished()).hasSize(1);
        assertThat(twoFactor.deliverSends()).isZero();
        twoFactor.assertNowhere(logs, code);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aWrongCodeGivesNoFeedback() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        assertThat(json(twoFactor.check(id, code.equals("000000") ? "111111" : "000000")).path("status").asText()).isEqualTo("PENDING");
        assertThat(feedbackPublished()).isEmpty();
        twoFactor.deliverSends();
        assertThat(stack.outbox().feedback()).isEmpty();
    }

    @Test
    void aPublishThatFailsNeverFailsTheCheckAndIsLoggedAndCounted() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        // The same API, but SNS unreachable for it: the approval is DynamoDB's, the feedback SNS's.
        Environment env = twoFactor.environment("VerificationApiFunction", Map.of()).with("AWS_ENDPOINT_URL_SNS", "http://127.0.0.1:9");
        VerificationApiHandler cutOff = new VerificationApiHandler(TwoFactorWiring.verificationApi(env,
                TwoFactorWiring.verificationApiPlatform(env), twoFactor.clock, TwoFactorStack.randomIds(), SimSwapSignal.none(),
                UnaryOperator.identity()));
        var answer = TwoFactorStack.call(cutOff, "POST", "/verifications/" + id + "/check", "POST /verifications/{id}/check",
                Map.of("id", id), "{\"code\":\"" + twoFactor.lastCode(NUMBER) + "\",\"purpose\":\"LOGIN\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).path("status").asText()).isEqualTo("APPROVED");
        assertThat(twoFactor.verification(id).state()).as("the approval stands").isEqualTo(Verification.State.APPROVED);
        assertThat(logs.all()).contains("reason=FEEDBACK_NOT_PUBLISHED").contains("MessageFeedbackNotPublished");
        assertThat(feedbackPublished()).isEmpty();
    }

    @Test
    void feedbackEndUserMessagingRefusesForGoodIsDroppedWithAReasonAndNeverRetried() {
        // A message id End User Messaging never issued (the local stand-in answers ResourceNotFoundException).
        String message = new MessageSigner(TwoFactorStack.KEYS).write(MessageFeedback.received("never-sent-1", "v-1", "GB", twoFactor.clock.instant()));
        var response = TwoFactorStack.invoke(twoFactor.sender, TwoFactorStack.sqs(message), TwoFactorStack.context());
        assertThat(response.batchItemFailures()).as("dropped, not retried").isEmpty();
        assertThat(logs.all()).contains("dropped: reason=MESSAGE_NOT_FOUND").contains("MessageFeedbackDropped");
        assertThat(stack.outbox().feedback()).isEmpty();
    }

    @Test
    void throttlingAndServerErrorsAreBatchItemFailuresThatComeBackAndAreGivenThen() {
        WireMockServer endUserMessaging = new WireMockServer(options().dynamicPort());
        endUserMessaging.start();
        try {
            TwoFactorStack wired = TwoFactorStack.on(stack, Map.of("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", endUserMessaging.baseUrl()));
            String message = new MessageSigner(TwoFactorStack.KEYS).write(MessageFeedback.received("m-1", "v-1", "GB", wired.clock.instant()));

            answer(endUserMessaging, 400, "ThrottlingException");
            assertThat(TwoFactorStack.invoke(wired.sender, TwoFactorStack.sqs(message), TwoFactorStack.context()).batchItemFailures()).hasSize(1);
            assertThat(logs.all()).contains("put back for later: reason=THROTTLED");
            answer(endUserMessaging, 500, "InternalServerException");
            assertThat(TwoFactorStack.invoke(wired.sender, TwoFactorStack.sqs(message), TwoFactorStack.context()).batchItemFailures()).hasSize(1);
            assertThat(logs.all()).contains("not given: End User Messaging: InternalServerException");

            endUserMessaging.resetAll();
            endUserMessaging.stubFor(post("/").willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/x-amz-json-1.0")
                    .withBody("{\"MessageId\":\"m-1\",\"MessageFeedbackStatus\":\"RECEIVED\"}")));
            assertThat(TwoFactorStack.invoke(wired.sender, TwoFactorStack.sqs(message), TwoFactorStack.context()).batchItemFailures()).isEmpty();
            assertThat(endUserMessaging.getAllServeEvents()).singleElement().satisfies(e -> assertThat(Json.tree(e.getRequest().getBodyAsString()))
                    .isEqualTo(Json.tree("{\"MessageId\":\"m-1\",\"MessageFeedbackStatus\":\"RECEIVED\"}")));
        } finally {
            endUserMessaging.stop();
        }
    }

    @Test
    void forgedOrUnsignedFeedbackIsDroppedUnreadAndGivesNothing() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        MessageFeedback genuine = MessageFeedback.received(twoFactor.verification(id).messageId(), id, "GB", twoFactor.clock.instant());
        for (var forged : Map.of(Json.write(genuine), "reason=MAC_MISSING",
                new MessageSigner(io.smsgate.shared.security.KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl"))
                        .write(genuine), "reason=MAC_INVALID").entrySet()) {
            var response = TwoFactorStack.invoke(twoFactor.sender, TwoFactorStack.sqs(forged.getKey()), TwoFactorStack.context());
            assertThat(response.batchItemFailures()).as("dropped, never thrown").isEmpty();
            assertThat(logs.all()).contains("feedback request rejected: " + forged.getValue());
        }
        assertThat(stack.outbox().feedback()).isEmpty();
        // The control: the same feedback MAC'd by this deployment is given.
        TwoFactorStack.invoke(twoFactor.sender, TwoFactorStack.sqs(new MessageSigner(TwoFactorStack.KEYS).write(genuine)), TwoFactorStack.context());
        assertThat(stack.outbox().feedback()).hasSize(1);
    }

    private static void answer(WireMockServer service, int status, String type) {
        service.resetAll();
        service.stubFor(post("/").willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.0")
                .withHeader("x-amzn-ErrorType", type).withBody("{\"__type\":\"" + type + "\"}")));
    }
}
