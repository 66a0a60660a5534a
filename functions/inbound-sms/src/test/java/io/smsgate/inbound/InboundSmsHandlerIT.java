package io.smsgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.OutboundSmsReader;
import io.smsgate.shared.security.SealContext;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * InboundSmsFunction against the emulator, one test per sample event in events/inbound-sms/: what was
 * written (IdempotencyTable, OptOutsTable), what was published (CommandsTopic, OutboundSmsTopic, read
 * back through SQS subscriptions) and what was logged.
 */
@ExtendWith(AwsEmulatorExtension.class)
class InboundSmsHandlerIT {
    private static final String SENDER = "+447700900123";
    private static final String SENDER_DIGITS = "7700900123";
    private static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    private static final String SENDER_KEY = KEYS.phoneKey(PhoneNumbers.parse(SENDER, true).orElseThrow());

    private Stack stack;
    private LogCapture logs;
    private InboundSmsHandler handler;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.handler = new InboundSmsHandler(new Environment(stack.functionEnvironment("InboundSmsFunction")));
    }

    // ------------------------------------------------------------------ posts

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/post.json")
    void aTextIsForwardedAsAPostCommand(String event) {
        invoke(event);

        Published command = single("CommandsTopic");
        assertThat(command.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("command", "POST", "country", "GB"));
        JsonNode body = command.json();
        assertThat(body.path("type").asText()).isEqualTo("SmsCommand");
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("inboundMessageId").asText()).isEqualTo("6f1c2b3a-0001-4d5e-8f90-a1b2c3d4e5f6");
        assertThat(body.path("command").asText()).isEqualTo("POST");
        assertThat(body.path("country").asText()).isEqualTo("GB");
        assertThat(body.has("text")).as("the body never travels in clear").isFalse();
        assertThat(command.body()).doesNotContain("Hello from my phone");
        assertThat(body.path("sealedText").asText()).startsWith("v2.");
        assertThat(text(command)).isEqualTo("Hello from my phone, posting by text!");
        assertThatThrownBy(() -> KEYS.openText(body.path("sealedText").asText(), SealContext.inbound("another-text")))
                .as("bound to its inbound id").isInstanceOf(KeyRing.TamperedException.class);
        assertThat(body.path("destinationNumber").asText()).isEqualTo("+12065550100");
        assertThat(body.path("receivedAt").asText()).isEqualTo("2026-11-25T10:00:00Z");
        SealedNumber sender = new SealedNumber(body.path("sender").path("key").asText(), body.path("sender").path("sealed").asText());
        assertThat(sender.key()).isEqualTo(SENDER_KEY);
        assertThat(KEYS.open(sender, SealContext.inbound("6f1c2b3a-0001-4d5e-8f90-a1b2c3d4e5f6")).e164()).isEqualTo(SENDER);

        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(stack.scan("OptOutsTable")).isEmpty();
        assertThat(stack.scan("IdempotencyTable")).as("a POST is deduplicated by PostingFunction: no claim here").isEmpty();
        assertThat(metrics("InboundAccepted")).containsExactly("POST");
        assertNoPhoneNumberAnywhere();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/post-emoji.json")
    void emojiSurviveTheTrip(String event) {
        invoke(event);
        assertThat(text(single("CommandsTopic")))
                .isEqualTo("Sunset over the harbour 🌅 best evening this year 🙂");
        assertNoPhoneNumberAnywhere();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/stop-the-war.json")
    void aSentenceStartingWithStopIsAPost(String event) {
        invoke(event);
        assertThat(text(single("CommandsTopic"))).isEqualTo("Stop the war");
        assertThat(stack.scan("OptOutsTable")).isEmpty();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/weekend.json")
    void weekendDoesNotOptOut(String event) {
        invoke(event);
        assertThat(single("CommandsTopic").attributes()).containsEntry("command", "POST");
        assertThat(stack.scan("OptOutsTable")).isEmpty();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/undo.json")
    void undoIsForwardedAsACommandOfItsOwn(String event) {
        invoke(event);
        Published command = single("CommandsTopic");
        assertThat(command.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("command", "UNDO", "country", "GB"));
        assertThat(command.json().has("text")).isFalse();
        assertThat(command.json().has("sealedText")).isFalse();
        assertThat(stack.scan("OptOutsTable")).isEmpty();
        assertNoPhoneNumberAnywhere();
    }

    // ------------------------------------------------------------------ compliance keywords

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/stop.json")
    void stopOptsOutAndIsAnsweredWhenSelfManaged(String event) {
        invoke(event);

        Map<String, AttributeValue> optOut = stack.scan("OptOutsTable").getFirst();
        assertThat(optOut.get("phoneKey").s()).isEqualTo(SENDER_KEY);
        assertThat(optOut.get("status").s()).isEqualTo("OPTED_OUT");
        assertThat(optOut.get("keyword").s()).isEqualTo("STOP");
        assertThat(optOut.toString()).doesNotContain(SENDER_DIGITS);

        Published reply = single("OutboundSmsTopic");
        assertThat(reply.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("kind", "TEXT", "country", "GB"));
        assertThat(reply.json().path("purpose").asText()).isEqualTo("OPT_OUT_CONFIRMATION");
        assertThat(reply.json().path("text").asText()).isEqualTo(ComplianceReplies.DEFAULT_OPT_OUT);
        // MACed for the door out, the recipient sealed for this request alone.
        var accepted = (OutboundSmsReader.Accepted) new OutboundSmsReader(KEYS).read(reply.body());
        assertThat(accepted.recipient().e164()).isEqualTo(SENDER);
        assertThat(reply.json().path("requestId").asText()).isEqualTo("6f1c2b3a-0005-4d5e-8f90-a1b2c3d4e5f6#reply");
        assertThat(reply.json().path("recipient").path("key").asText()).isEqualTo(SENDER_KEY);

        assertThat(stack.tap("CommandsTopic").messages()).as("compliance keywords never reach the policy").isEmpty();
        assertThat(metrics("InboundAccepted")).containsExactly("OPT_OUT");
        assertNoPhoneNumberAnywhere();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/stop-punctuation.json")
    void stopWithSpacesAndAFullStopOptsOut(String event) {
        invoke(event);
        assertThat(stack.scan("OptOutsTable").getFirst().get("status").s()).isEqualTo("OPTED_OUT");
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/start.json")
    void startOptsBackIn(String event) {
        invoke(event);
        assertThat(stack.scan("OptOutsTable").getFirst().get("status").s()).isEqualTo("OPTED_IN");
        assertThat(single("OutboundSmsTopic").json().path("purpose").asText()).isEqualTo("OPT_IN_CONFIRMATION");
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
    }

    @Test
    void aStopDeliveredAfterANewerStartChangesNothing() {
        invoke(load("start.json"));
        invoke(load("stop.json"));

        assertThat(stack.scan("OptOutsTable").getFirst().get("status").s()).isEqualTo("OPTED_IN");
        assertThat(stack.tap("OutboundSmsTopic").messages()).extracting(m -> m.json().path("purpose").asText())
                .as("no 'you are unsubscribed' for a stale STOP").containsExactly("OPT_IN_CONFIRMATION");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/help.json")
    void helpIsAnsweredAndWritesNoState(String event) {
        invoke(event);
        Published reply = single("OutboundSmsTopic");
        assertThat(reply.json().path("purpose").asText()).isEqualTo("HELP");
        assertThat(reply.json().path("text").asText()).isEqualTo(ComplianceReplies.DEFAULT_HELP);
        assertThat(stack.scan("OptOutsTable")).isEmpty();
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
    }

    @Test
    void whenEndUserMessagingManagesOptOutsStopIsRecordedButNotAnswered(io.smsgate.local.emulator.Project project) {
        try (Stack awsManaged = project.stack(stack.emulator(), Map.of("SelfManagedOptOuts", "false"))) {
            var awsManagedHandler = new InboundSmsHandler(new Environment(awsManaged.functionEnvironment("InboundSmsFunction")));
            Invocations.invoke(awsManagedHandler, load("stop.json"), context());
            Invocations.invoke(awsManagedHandler, load("help.json"), context());

            assertThat(awsManaged.scan("OptOutsTable").getFirst().get("status").s()).isEqualTo("OPTED_OUT");
            assertThat(awsManaged.tap("OutboundSmsTopic").messages()).isEmpty();
        }
    }

    // ------------------------------------------------------------------ at least once

    /**
     * A POST or an UNDO costs this function no DynamoDB call: every delivery is forwarded, and
     * PostingFunction acts on it once per inboundMessageId (PostingServiceIT, PostingRequestsIT).
     */
    @ParameterizedTest
    @SampleEvent("events/inbound-sms/duplicate-delivery.json")
    void aRedeliveredPostIsForwardedAgainWithoutAClaimForPostingFunctionToDedupe(String event) {
        invoke(event);

        assertThat(stack.tap("CommandsTopic").messages()).hasSize(2)
                .extracting(m -> m.json().path("inboundMessageId").asText()).containsOnly("6f1c2b3a-0010-4d5e-8f90-a1b2c3d4e5f6");
        assertThat(stack.scan("IdempotencyTable")).as("no claim for a POST").isEmpty();
    }

    @Test
    void aRedeliveredHelpPublishesNothingTheSecondTime() {
        invoke(load("help.json"));
        invoke(load("help.json"));

        assertThat(stack.tap("OutboundSmsTopic").messages()).hasSize(1);
        assertThat(stack.scan("IdempotencyTable")).hasSize(1);
        assertThat(logs.all()).contains("redelivery ignored");
    }

    @Test
    void aTextBeingHandledByAnotherAttemptIsRetriedLater() {
        String table = stack.physicalId("IdempotencyTable");
        long inAMinute = java.time.Instant.now().plusSeconds(60).getEpochSecond();
        stack.dynamoDb().putItem(r -> r.tableName(table).item(Map.of(
                "pk", AttributeValue.fromS("InboundSms#6f1c2b3a-0004-4d5e-8f90-a1b2c3d4e5f6"),
                "status", AttributeValue.fromS("IN_PROGRESS"),
                "leaseUntil", AttributeValue.fromN(Long.toString(inAMinute)),
                "expiresAt", AttributeValue.fromN(Long.toString(inAMinute + 86_400)))));

        assertThatThrownBy(() -> invoke(load("help.json"))).isInstanceOf(TransientFaultException.class);
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
    }

    @Test
    void anAwsFaultThrowsForARetryAndReleasesTheClaimSoTheRetryProceeds() {
        String topicArn = stack.physicalId("OutboundSmsTopic");
        stack.sns().deleteTopic(r -> r.topicArn(topicArn));

        assertThatThrownBy(() -> invoke(load("help.json"))).isInstanceOf(software.amazon.awssdk.core.exception.SdkException.class);
        assertThat(stack.scan("IdempotencyTable")).as("claim released").isEmpty();

        String name = topicArn.substring(topicArn.lastIndexOf(':') + 1);
        stack.sns().createTopic(r -> r.name(name));
        invoke(load("help.json"));
        assertCompleted("6f1c2b3a-0004-4d5e-8f90-a1b2c3d4e5f6");
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/malformed-json.json")
    void malformedJsonIsRejected(String event) {
        assertRejected(event, "MALFORMED_JSON");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/missing-field.json")
    void aMissingFieldIsRejected(String event) {
        assertRejected(event, "MISSING_FIELD");
        assertThat(logs.all()).contains("originationNumber");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/keyword-object.json")
    void anObjectAsTheKeywordIsRejectedNotRetried(String event) {
        assertRejected(event, "MALFORMED_FIELD");
        assertThat(logs.all()).contains("messageKeyword is object").contains("6f1c2b3a-0021-4d5e-8f90-a1b2c3d4e5f6");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/previous-id-array.json")
    void anArrayAsThePreviousMessageIdIsRejectedNotRetried(String event) {
        assertRejected(event, "MALFORMED_FIELD");
        assertThat(logs.all()).contains("previousPublishedMessageId is array").contains("6f1c2b3a-0022-4d5e-8f90-a1b2c3d4e5f6");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/unknown-destination.json")
    void aTextToAnotherNumberIsRejected(String event) {
        assertRejected(event, "UNKNOWN_DESTINATION");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/invalid-number.json")
    void aNumberLibphonenumberRejectsIsRejected(String event) {
        assertRejected(event, "INVALID_NUMBER");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/long-body.json")
    void aBodyOverTheLimitIsRejected(String event) {
        assertRejected(event, "BODY_TOO_LONG");
    }

    @ParameterizedTest
    @SampleEvent("events/inbound-sms/empty-body.json")
    void aBlankBodyIsRejected(String event) {
        assertRejected(event, "EMPTY_BODY");
    }

    @Test
    void bytesThatAreNotAnSnsEventAreRejectedNotRetried() {
        for (String bytes : new String[] {"", "not JSON from " + SENDER, "{\"Records\":\"" + SENDER + "\"}", "[]"}) {
            invoke(bytes);
        }
        assertThat(logs.all()).contains("inbound SMS rejected: reason=UNREADABLE_EVENT");
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(stack.scan("IdempotencyTable")).isEmpty();
        assertNoPhoneNumberAnywhere();
    }

    @Test
    void anEventWithoutRecordsIsRejected() {
        invoke("{\"Records\":[]}");
        invoke("{\"Records\":[{\"EventSource\":\"aws:sns\"}]}");
        assertThat(logs.all()).contains("inbound SMS rejected: reason=EMPTY_EVENT detail=no SNS records")
                .contains("inbound SMS rejected: reason=EMPTY_EVENT detail=record without Sns");
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
    }

    @Test
    void everySampleEventHasATest() {
        assertThat(SampleEvents.untested("inbound-sms", Set.of("events/inbound-sms/start.json", "events/inbound-sms/stop.json"), InboundSmsHandlerIT.class)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** As the runtime calls it: the event's bytes in; an SNS-triggered function answers nothing. */
    private void invoke(String event) {
        assertThat(Invocations.invoke(handler, event, context())).isEmpty();
    }

    private static LocalContext context() {
        return new LocalContext("InboundSmsFunction", 15, 1024);
    }

    private void assertRejected(String event, String reason) {
        invoke(event);
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(stack.scan("IdempotencyTable")).as("nothing written").isEmpty();
        assertThat(stack.scan("OptOutsTable")).as("nothing written").isEmpty();
        assertThat(logs.all()).contains("reason=" + reason);
        assertThat(metrics("InboundRejected")).containsExactly(reason);
        assertNoPhoneNumberAnywhere();
    }

    private void assertCompleted(String inboundMessageId) {
        Map<String, AttributeValue> item = stack.scan("IdempotencyTable").getFirst();
        assertThat(item.get("pk").s()).isEqualTo("InboundSms#" + inboundMessageId);
        assertThat(item.get("status").s()).isEqualTo("COMPLETED");
    }

    /** The body of an SmsCommand, opened as only PostingFunction does. */
    private static String text(Published command) {
        return KEYS.openText(command.json().path("sealedText").asText(), SealContext.inbound(command.json().path("inboundMessageId").asText()));
    }

    private Published single(String topic) {
        List<Published> messages = stack.tap(topic).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    /** The dimension values of every embedded-metric line for {@code metric}. */
    private List<String> metrics(String metric) {
        return logs.lines().stream()
                .map(line -> io.smsgate.shared.json.Json.tree(line).path("message").asText())
                .filter(message -> message.startsWith("{\"_aws\""))
                .map(io.smsgate.shared.json.Json::tree)
                .filter(emf -> emf.has(metric))
                .map(emf -> emf.path("Reason").asText(emf.path("Command").asText("")))
                .toList();
    }

    private void assertNoPhoneNumberAnywhere() {
        assertThat(logs.all()).doesNotContain(SENDER_DIGITS);
        for (var tap : stack.taps().values()) {
            assertThat(tap.messages()).allSatisfy(m -> {
                assertThat(m.body()).doesNotContain(SENDER_DIGITS);
                assertThat(m.attributes().toString()).doesNotContain(SENDER_DIGITS);
            });
        }
        assertThat(stack.scan("OptOutsTable").toString()).doesNotContain(SENDER_DIGITS);
        assertThat(stack.scan("IdempotencyTable").toString()).doesNotContain(SENDER_DIGITS);
    }

    private static String load(String file) {
        return SampleEvents.text("events/inbound-sms/" + file);
    }

}
