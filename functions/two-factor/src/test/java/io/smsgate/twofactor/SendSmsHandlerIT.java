package io.smsgate.twofactor;

import io.smsgate.local.emulator.CounterGrants;
import io.smsgate.local.emulator.MutableClock;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER_DIGITS;
import static io.smsgate.twofactor.TwoFactorStack.context;
import static io.smsgate.twofactor.TwoFactorStack.sqs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import io.smsgate.shared.security.CanonicalJson;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * SendSmsFunction on the sample events of events/two-factor/, with WireMock standing in for End User
 * Messaging: the request the real SDK sends, field by field; provider errors (throttling and server
 * errors retried, refusals recorded and not retried); opt-outs and compliance replies; the loop guard;
 * redeliveries; a send that dies after the hand-over.
 */
@ExtendWith(AwsEmulatorExtension.class)
class SendSmsHandlerIT {
    static final String SAMPLE_ID = "sampleVerification0001";
    private static final String TARGET = "PinpointSMSVoiceV2.SendTextMessage";

    private WireMockServer endUserMessaging;
    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        endUserMessaging = new WireMockServer(options().dynamicPort());
        endUserMessaging.start();
        succeed();
        twoFactor = build(Map.of(), UnaryOperator.identity());
    }

    @AfterEach
    void countersStayWithinTheGrant() {
        assertThat(CounterGrants.uncovered(stack, "VerificationApiFunction", "SendSmsFunction")).as("CountersTable keys outside template.yaml's dynamodb:LeadingKeys").isEmpty();
    }

    @AfterEach
    void tearDown() {
        endUserMessaging.stop();
    }

    private TwoFactorStack build(Map<String, String> overrides, UnaryOperator<SmsProvider> wrap) {
        Map<String, String> all = new java.util.HashMap<>();
        // Fast pacing, so the tests about other rules are not about the rate (the pacing tests set their own).
        all.put("SEND_RATE_PER_SECOND", "1000");
        all.putAll(overrides);
        all.put(Stack.SMS_ENDPOINT_VARIABLE, endUserMessaging.baseUrl());
        TwoFactorStack built = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0.plusSeconds(1)), all,
                () -> SAMPLE_ID, wrap);
        built.withCodesAllowed();
        return built;
    }

    /** The verification the CODE sample names, as the API stores it (its own CODE request is not delivered). */
    private void startSampleVerification() {
        twoFactor.clock.set(TwoFactorStack.T0);
        assertThat(TwoFactorStack.started(twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"locale\":\"en-GB\"}")))
                .isEqualTo(SAMPLE_ID);
        twoFactor.clock.set(TwoFactorStack.T0.plusSeconds(1));
    }

    // ------------------------------------------------------------------ CODE

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-code.json")
    void aCodeGoesOutAsTheRealSdkSendsItFieldByField(String event) {
        startSampleVerification();
        TwoFactorStack.invoke(twoFactor.sender, event, context());

        ServeEvent call = single();
        assertThat(call.getRequest().getHeader("X-Amz-Target")).isEqualTo(TARGET);
        assertThat(call.getRequest().getHeader("Content-Type")).isEqualTo("application/x-amz-json-1.0");
        assertThat(call.getRequest().getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=test/");
        JsonNode body = Json.tree(call.getRequest().getBodyAsString());
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("DestinationPhoneNumber", "OriginationIdentity", "MessageBody",
                "MessageType", "ConfigurationSetName", "TimeToLive", "Context", "DryRun", "MessageFeedbackEnabled");
        assertThat(body.path("MessageFeedbackEnabled").asBoolean()).as("a code's conversion is reported back").isTrue();
        assertThat(body.path("DestinationPhoneNumber").asText()).isEqualTo(NUMBER);
        assertThat(body.path("OriginationIdentity").asText())
                .isEqualTo("arn:aws:sms-voice:us-east-1:123456789012:phone-number/phone-0123456789abcdef0123456789abcdef");
        String code = body.path("MessageBody").asText().replaceAll("(?s).*#(\\d{6})$", "$1");
        assertThat(body.path("MessageBody").asText()).isEqualTo("smsgate: your login code is " + code
                + ". It expires in 10 minutes. Never share it with anyone.\n\n@app.smsgate.example #" + code);
        assertThat(body.path("MessageType").asText()).isEqualTo("TRANSACTIONAL");
        assertThat(body.path("ConfigurationSetName").asText()).isEqualTo(stack.physicalId("SmsConfigurationSet"));
        assertThat(body.path("TimeToLive").asInt()).as("what is left of the 10 minutes").isEqualTo(599);
        assertThat(body.path("Context")).isEqualTo(Json.mapper().createObjectNode().put("verificationId", SAMPLE_ID));
        assertThat(body.path("DryRun").isBoolean()).isTrue();
        assertThat(body.path("DryRun").asBoolean()).isFalse();

        Verification sent = twoFactor.verification(SAMPLE_ID);
        assertThat(sent.delivery()).isEqualTo("SENT");
        assertThat(sent.handled()).isEqualTo(1);
        VerificationLifecycleIT.assertCheck(twoFactor.check(SAMPLE_ID, code), "APPROVED", 4);
        twoFactor.assertNowhere(logs, code);
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void dryRunIsPassedOnForSmokeTests() throws Exception {
        twoFactor = build(Map.of("SMS_DRY_RUN", "true", "WEBOTP_DOMAIN", ""), UnaryOperator.identity());
        startSampleVerification();
        TwoFactorStack.invoke(twoFactor.sender, event("send-code.json"), context());
        JsonNode body = Json.tree(single().getRequest().getBodyAsString());
        assertThat(body.path("DryRun").asBoolean()).isTrue();
        assertThat(body.path("MessageBody").asText()).as("no WebOTP line without a domain").doesNotContain("@").doesNotContain("#");
    }

    @Test
    void aRedeliveredCodeRequestSendsNothingTheSecondTime() throws Exception {
        startSampleVerification();
        SqsEvent event = event("send-code.json");
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
        assertThat(twoFactor.counter("SendSms#" + SAMPLE_ID + "#1")).hasValueSatisfying(
                claim -> assertThat(claim.get("status").s()).isEqualTo("COMPLETED"));
    }

    @Test
    void aCodeRequestTheApiNeverRegisteredIsNotSent() throws Exception {
        startSampleVerification();
        // Even MACed and sealed as a requester would (a bug upstream, say): the API registered only request 1.
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(event("send-code.json"), SAMPLE_ID + "#2")), context());
        assertThat(endUserMessaging.getAllServeEvents()).isEmpty();
        assertThat(logs.all()).contains("reason=REQUEST_MISMATCH");
    }

    @Test
    void throttlingPutsTheCodeBackForLaterWithNothingCountedAndTheRetrySendsOnce() throws Exception {
        startSampleVerification();
        fail(400, "ThrottlingException", "{\"__type\":\"ThrottlingException\",\"Message\":\"Rate exceeded\"}");
        SqsEvent event = event("send-code.json");

        SqsBatchResponse response = TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertThat(failedIds(response)).as("a batch item failure: back on the queue, never an exception or a dead letter")
                .containsExactly(event.records().getFirst().messageId());
        assertThat(endUserMessaging.getAllServeEvents()).as("one attempt: the SDK does not retry SendTextMessage").hasSize(1);
        Verification restored = twoFactor.verification(SAMPLE_ID);
        assertThat(restored.sends()).isZero();
        assertThat(restored.handled()).isZero();
        assertThat(restored.codeDigest()).isNull();
        assertThat(restored.codeSentAt()).isNull();
        assertThat(twoFactor.counter("SendSms#")).as("claim released for the retry").isEmpty();
        assertThat(count("codes#number#")).as("the throttled code is not counted against the budgets").isZero();
        assertThat(count("codes#global#")).isZero();
        assertThat(logs.all()).contains("reason=THROTTLED");

        endUserMessaging.resetAll();
        succeed();
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context()))).isEmpty();
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
        assertThat(twoFactor.verification(SAMPLE_ID).delivery()).isEqualTo("SENT");
        assertThat(count("codes#number#")).as("counted once, for the text that went").isEqualTo(1);
    }

    @Test
    void aServerErrorIsAnUnknownOutcomeThatIsNeverTextedAgain() throws Exception {
        startSampleVerification();
        fail(500, "InternalServerException", "{\"__type\":\"InternalServerException\",\"Message\":\"oops\"}");
        SqsEvent event = event("send-code.json");
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context())))
                .as("finished as UNKNOWN: not put back, so nothing sends it again").isEmpty();
        Verification unknown = twoFactor.verification(SAMPLE_ID);
        assertThat(unknown.delivery()).isEqualTo("UNKNOWN");
        assertThat(unknown.codeDigest()).as("the code may have arrived: it keeps working").isNotNull();
        assertThat(twoFactor.counter("SendSms#" + SAMPLE_ID + "#1")).hasValueSatisfying(
                claim -> assertThat(claim.get("status").s()).isEqualTo("COMPLETED"));

        // A redelivery (SQS is at least once), even long after any lease: a duplicate, never a second text.
        succeed();
        twoFactor.clock.advance(Duration.ofMinutes(30));
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context()))).isEmpty();
        assertThat(endUserMessaging.getAllServeEvents()).as("one attempt, never a second text").hasSize(1);
        assertThat(logs.all()).contains("outcome UNKNOWN").contains("redelivery ignored");
        twoFactor.assertNoPhoneNumber(logs);
    }

    /** The stack with its verifications store wrapped (a write's answer lost, a fault after it). */
    private TwoFactorStack withVerifications(UnaryOperator<Verifications> wrap) {
        return new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0.plusSeconds(1)),
                Map.of(Stack.SMS_ENDPOINT_VARIABLE, endUserMessaging.baseUrl()), () -> SAMPLE_ID, UnaryOperator.identity(),
                io.smsgate.shared.port.SimSwapSignal.none(), UnaryOperator.identity(), wrap);
    }

    /**
     * Found by smsgate soak: storeCode's conditional write applied, its answer was lost, the SDK's retry
     * met its own change and was refused, and the code was declared STALE_REQUEST and never sent.
     */
    @Test
    void aCodeWhoseStoreAnswerWasLostIsStillSent() throws Exception {
        twoFactor = withVerifications(real -> new ForwardingVerifications(real) {
                    @Override
                    public boolean storeCode(Verification before, int number, String codeDigest, java.time.Instant now,
                                             java.time.Instant cooldownEdge, int maxSends) {
                        super.storeCode(before, number, codeDigest, now, cooldownEdge, maxSends);
                        return false; // applied, but answered as refused (the retry of a write whose answer was lost)
                    }
                });
        twoFactor.withCodesAllowed();
        startSampleVerification();
        TwoFactorStack.invoke(twoFactor.sender, event("send-code.json"), context());

        assertThat(endUserMessaging.getAllServeEvents()).as("the code goes out once").hasSize(1);
        assertThat(twoFactor.verification(SAMPLE_ID).delivery()).isEqualTo("SENT");
    }

    /**
     * Found by smsgate soak (lost texts 1, a RESEND verification): storeCode's write landed, then a fault
     * (its answer lost past the SDK's retries, or the read that follows) failed the attempt; the claim was
     * released, and the retry found the request handled, declared it STALE_REQUEST and never sent it, with its
     * code's digest left on the verification. The attempt now puts the verification back before it fails.
     */
    @Test
    void aCodeWhoseStoreLandedBeforeAFaultIsSentByTheRetry() throws Exception {
        AtomicReference<Boolean> fault = new AtomicReference<>(true);
        twoFactor = withVerifications(real -> new ForwardingVerifications(real) {
                    @Override
                    public boolean storeCode(Verification before, int number, String codeDigest, java.time.Instant now,
                                             java.time.Instant cooldownEdge, int maxSends) {
                        boolean stored = super.storeCode(before, number, codeDigest, now, cooldownEdge, maxSends);
                        if (fault.getAndSet(false)) {
                            throw new io.smsgate.shared.port.TransientFaultException("simulated: the answer never came back");
                        }
                        return stored;
                    }
                });
        twoFactor.withCodesAllowed();
        startSampleVerification();
        SqsEvent event = event("send-code.json");
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context()))).as("back on the queue").hasSize(1);
        assertThat(endUserMessaging.getAllServeEvents()).isEmpty();
        Verification restored = twoFactor.verification(SAMPLE_ID);
        assertThat(restored.handled()).as("put back as it was").isZero();
        assertThat(restored.codeDigest()).isNull();

        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertThat(endUserMessaging.getAllServeEvents()).as("the retry sends it, once").hasSize(1);
        assertThat(twoFactor.verification(SAMPLE_ID).delivery()).isEqualTo("SENT");
        assertThat(logs.all()).doesNotContain("reason=STALE_REQUEST");
    }

    @Test
    void aPermanentRefusalIsRecordedOnTheVerificationAndNotRetried() throws Exception {
        startSampleVerification();
        fail(400, "ConflictException", "{\"__type\":\"ConflictException\",\"Message\":\"The destination phone number is opted out\","
                + "\"Reason\":\"DESTINATION_PHONE_NUMBER_OPTED_OUT\",\"ResourceType\":\"opt-out-list\",\"ResourceId\":\"Default\"}");
        SqsEvent event = event("send-code.json");
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        TwoFactorStack.invoke(twoFactor.sender, event, context());

        assertThat(endUserMessaging.getAllServeEvents()).as("no retry, and the redelivery is a duplicate").hasSize(1);
        Verification refused = twoFactor.verification(SAMPLE_ID);
        assertThat(refused.delivery()).isEqualTo("PROVIDER_REJECTED ConflictException/DESTINATION_PHONE_NUMBER_OPTED_OUT");
        assertThat(refused.codeDigest()).as("the unsent code is removed").isNull();
        assertThat(logs.all()).contains("reason=PROVIDER_REJECTED");
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aSendThatDiedAfterTheHandOverIsNeverSentAgain() throws Exception {
        AtomicReference<Boolean> crash = new AtomicReference<>(true);
        twoFactor = build(Map.of(), provider -> sms -> {
            SmsProvider.Result result = provider.send(sms);
            if (crash.getAndSet(false)) {
                throw new OutOfMemoryError("simulated: the function died right after SendTextMessage returned");
            }
            return result;
        });
        startSampleVerification();
        SqsEvent event = event("send-code.json");
        assertThatThrownBy(() -> TwoFactorStack.invoke(twoFactor.sender, event, context())).isInstanceOf(OutOfMemoryError.class);
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);

        // The message comes back while the claim's lease (120 s) runs: put back again.
        twoFactor.clock.advance(Duration.ofMinutes(1));
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context()))).hasSize(1);
        assertThat(logs.all()).contains("reason=IN_PROGRESS");
        // After the lease (the queue's visibility timeout is 180 s): the verification knows it was handled.
        twoFactor.clock.advance(Duration.ofMinutes(2));
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, event, context()))).isEmpty();
        assertThat(endUserMessaging.getAllServeEvents()).as("one text, never two").hasSize(1);
        assertThat(logs.all()).contains("reason=STALE_REQUEST");
    }

    // ------------------------------------------------------------------ TEXT

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-text.json")
    void aTextIsSentAsGivenWithoutATimeToLive(String event) {
        TwoFactorStack.invoke(twoFactor.sender, event, context());

        JsonNode body = Json.tree(single().getRequest().getBodyAsString());
        assertThat(fieldNames(body)).containsExactlyInAnyOrder("DestinationPhoneNumber", "OriginationIdentity", "MessageBody",
                "MessageType", "ConfigurationSetName", "Context", "DryRun");
        assertThat(body.path("DestinationPhoneNumber").asText()).isEqualTo(NUMBER);
        assertThat(body.path("MessageBody").asText()).isEqualTo("smsgate: text this number to post (turn on SMS posting in your settings first). "
                + "Reply STOP to unsubscribe. Msg & data rates may apply.");
        assertThat(body.path("MessageType").asText()).isEqualTo("TRANSACTIONAL");
        assertThat(body.path("Context")).isEqualTo(Json.mapper().createObjectNode()
                .put("requestId", "6f1c2b3a-0009-4d5e-8f90-a1b2c3d4e5f6#reply").put("purpose", "HELP"));
        assertThat(stack.scan("VerificationsTable")).isEmpty();
        twoFactor.assertNoPhoneNumber(logs);
    }

    @Test
    void aComplianceReplyStillReachesANumberThatJustOptedOut() throws Exception {
        twoFactor.optOut(NUMBER);
        TwoFactorStack.invoke(twoFactor.sender, event("send-text.json"), context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-text-notice.json")
    void aNoticeIsNotSentToANumberThatOptedOut(String event) {
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);

        twoFactor.optOut(NUMBER);
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(event, "notice-after-stop")), context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
        assertThat(logs.all()).contains("reason=OPTED_OUT");
    }

    @Test
    void moreThanTenTextsToOneNumberInThirtySecondsAreAStoppedLoop() throws Exception {
        SqsEvent notice = event("send-text-notice.json");
        for (int i = 1; i <= 10; i++) {
            TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(notice, "loop-" + i)), context());
            twoFactor.clock.advance(Duration.ofMillis(500));
        }
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(10);
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(notice, "loop-11")), context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(10);
        assertThat(logs.all()).contains("reason=LOOP_GUARD");

        // Into the next window the burst still counts, weighted by how much of its window lies in the last
        // 30 s: at 34 s, 26 of 30 (8.7 of the 10, rounded up to 9): room for one more. A minute later: free.
        twoFactor.clock.set(TwoFactorStack.T0.plusSeconds(34));
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(notice, "loop-12")), context());
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(notice, "loop-13")), context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(11);
        twoFactor.clock.set(TwoFactorStack.T0.plusSeconds(95));
        TwoFactorStack.invoke(twoFactor.sender, sqs(withRequestId(notice, "loop-14")), context());
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(12);
    }

    @Test
    void aTextTheProviderRefusesIsLoggedAndNotRetried() throws Exception {
        fail(400, "ValidationException", "{\"__type\":\"ValidationException\",\"Message\":\"Invalid destination\","
                + "\"Reason\":\"INVALID_PARAMETER\"}");
        TwoFactorStack.invoke(twoFactor.sender, event("send-text.json"), context());
        assertThat(logs.all()).contains("reason=PROVIDER_REJECTED provider=ValidationException/INVALID_PARAMETER");
        assertThat(endUserMessaging.getAllServeEvents()).hasSize(1);
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-malformed.json")
    void aMalformedRequestIsRejectedWithoutWritingOrSending(String event) {
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertRejected("MALFORMED_REQUEST");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-tampered-recipient.json")
    void aRecipientNotSealedWithOurKeyIsRejected(String event) {
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertRejected("SEALED_NUMBER_INVALID");
    }

    /** Handing the same bytes out again cannot help: no batch item failure, nothing sent, a logged reason. */
    @Test
    void bytesThatAreNotAnSqsEventAreRejectedWithoutAFailureToRetry() {
        for (String bytes : new String[] {"", "{\"Records\":[{\"messageId\":{\"to\":\"" + NUMBER + "\"}}]}", "[]"}) {
            logs.clear();
            assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, bytes, context()))).isEmpty();
            assertRejected("UNREADABLE_EVENT");
            assertThat(logs.all()).contains("outbound request rejected: reason=UNREADABLE_EVENT");
        }
        assertThat(failedIds(TwoFactorStack.invoke(twoFactor.sender, "{\"Records\":[]}", context()))).isEmpty();
        assertThat(logs.all()).contains("outbound request rejected: reason=EMPTY_EVENT");
    }

    // ------------------------------------------------------------------ forged, replayed: never sent

    @ParameterizedTest
    @SampleEvent("events/two-factor/send-forged-unsigned.json")
    void aRequestWithoutAMacIsNeverSent(String event) {
        TwoFactorStack.invoke(twoFactor.sender, event, context());
        assertRejected("MAC_MISSING");
        assertThat(logs.all()).contains("outbound request rejected: reason=MAC_MISSING");
    }

    @Test
    void aRequestMacedWithAnotherDeploymentsKeyOrAlteredIsNeverSent() {
        ObjectNode message = (ObjectNode) Json.tree(event("send-text.json").records().getFirst().body());
        TwoFactorStack.invoke(twoFactor.sender, sqs(macked(message.deepCopy(),
                KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl"))), context());
        assertRejected("MAC_INVALID");
        message.put("text", "Your account is locked: call +1 555 0100");
        TwoFactorStack.invoke(twoFactor.sender, sqs(Json.write(message)), context());
        assertThat(logs.all()).doesNotContain("reason=MAC_MISSING");
        assertRejected("MAC_INVALID");
    }

    @Test
    void aRecipientCopiedFromAnotherRequestIsNeverSentTo() {
        // Even under a valid MAC, the seal opens only in the request it was made for.
        ObjectNode message = (ObjectNode) Json.tree(event("send-text.json").records().getFirst().body());
        message.put("requestId", "another-request#reply");
        TwoFactorStack.invoke(twoFactor.sender, sqs(macked(message, TwoFactorStack.KEYS)), context());
        assertRejected("SEALED_NUMBER_INVALID");
    }

    // ------------------------------------------------------------------ helpers

    private void assertRejected(String reason) {
        assertThat(endUserMessaging.getAllServeEvents()).isEmpty();
        assertThat(stack.scan("CountersTable")).as("nothing written").isEmpty();
        assertThat(logs.all()).contains("reason=" + reason).doesNotContain(NUMBER_DIGITS);
    }

    private void succeed() {
        endUserMessaging.stubFor(post("/").withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(okJson("{\"MessageId\":\"0d4c5e7a-1b2c-4d3e-8f90-a1b2c3d4e5f6\"}")
                        .withHeader("Content-Type", "application/x-amz-json-1.0")));
    }

    private void fail(int status, String type, String body) {
        endUserMessaging.resetAll();
        endUserMessaging.stubFor(post("/").withHeader("X-Amz-Target", equalTo(TARGET))
                .willReturn(aResponse().withStatus(status)
                        .withHeader("Content-Type", "application/x-amz-json-1.0")
                        .withHeader("x-amzn-ErrorType", type)
                        .withHeader("x-amzn-RequestId", "4b2f7c1e-0000-4d5e-8f90-a1b2c3d4e5f6")
                        .withBody(body)));
    }

    private static List<String> failedIds(SqsBatchResponse response) {
        return response.batchItemFailures().stream().map(SqsBatchResponse.ItemFailure::itemIdentifier).toList();
    }

    private long count(String prefix) {
        return twoFactor.counter(prefix).map(item -> Long.parseLong(item.get("count").n())).orElse(0L);
    }

    private ServeEvent single() {
        List<ServeEvent> calls = endUserMessaging.getAllServeEvents();
        assertThat(calls).hasSize(1);
        return calls.getFirst();
    }

    private static Set<String> fieldNames(JsonNode body) {
        Set<String> names = new java.util.TreeSet<>(Comparator.naturalOrder());
        body.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String withRequestId(String event, String requestId) {
        return withRequestId(Json.read(event, SqsEvent.class), requestId);
    }

    /** The event's request under another id, as its requester would make it: the recipient sealed for it, MACed. */
    private static String withRequestId(SqsEvent event, String requestId) {
        ObjectNode message = (ObjectNode) Json.tree(event.records().getFirst().body());
        SealedNumber recipient = Json.convert(message.get("recipient"), SealedNumber.class);
        recipient = TwoFactorStack.KEYS.reseal(recipient, SealContext.outbound(message.path("requestId").asText()),
                SealContext.outbound(requestId));
        message.put("requestId", requestId);
        message.set("recipient", Json.mapper().valueToTree(recipient));
        return macked(message, TwoFactorStack.KEYS);
    }

    private static String macked(ObjectNode message, KeyRing keys) {
        message.remove("mac");
        message.put("mac", keys.mac(OutboundSms.TYPE, CanonicalJson.of(message)));
        return Json.write(message);
    }

    /** A sample SQS event, read as SendSmsFunction reads one. */
    static SqsEvent event(String file) {
        return Json.read(SampleEvents.text("events/two-factor/" + file), SqsEvent.class);
    }
}
