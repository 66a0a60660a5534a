package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.DeliveryEvents;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;

/**
 * DeliveryReceiptFunction on the local stack: the outbox publishes each text's delivery event to
 * DeliveryEventsTopic as the configuration set's event destination does; the function records a code's
 * state on its verification (visible in GET /verifications/{id}), counts a reply's and stores nothing,
 * refuses what is not a receipt with a reason, and keeps no number anywhere.
 */
@ExtendWith(AwsEmulatorExtension.class)
class DeliveryReceiptIT {
    private Stack stack;
    private LogCapture logs;
    private TwoFactorStack twoFactor;
    private DeliveryReceiptHandler receipts;
    private int delivered;

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.twoFactor = TwoFactorStack.on(stack).withCodesAllowed();
        this.receipts = new DeliveryReceiptHandler(new Environment(stack.functionEnvironment("DeliveryReceiptFunction")));
    }

    /** Hands every delivery event published since the last call to DeliveryReceiptFunction. */
    private List<TopicTap.Published> deliverReceipts() {
        List<TopicTap.Published> events = stack.tap("DeliveryEventsTopic").messages();
        List<TopicTap.Published> handed = events.subList(delivered, events.size());
        for (TopicTap.Published event : handed) {
            TwoFactorStack.invoke(receipts, TwoFactorStack.sns(event.body()), new LocalContext("DeliveryReceiptFunction", 15, 512));
        }
        delivered = events.size();
        return List.copyOf(handed);
    }

    private String sentCode() {
        String id = twoFactor.startLogin();
        assertThat(twoFactor.deliverSends()).isEqualTo(1);
        return id;
    }

    @Test
    void aCodesDeliveryReceiptIsRecordedOnItsVerificationAndShownToTheBackend() {
        String id = sentCode();
        assertThat(json(twoFactor.status(id)).has("deliveryStatus")).as("no receipt yet").isFalse();

        List<TopicTap.Published> events = deliverReceipts();
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.json().path("eventType").asText()).isEqualTo("TEXT_DELIVERED");
            assertThat(e.json().path("context").path("verificationId").asText()).isEqualTo(id);
        });
        assertThat(twoFactor.verification(id).receipt()).isEqualTo("DELIVERED");
        assertThat(json(twoFactor.status(id)).path("deliveryStatus").asText()).isEqualTo("DELIVERED");
        assertThat(json(twoFactor.status(id)).path("state").asText()).isEqualTo("SENT");
        assertThat(logs.all()).contains("delivery receipt for a code: DELIVERED (final) in GB").contains("RECORDED");
        twoFactor.assertNoPhoneNumber(logs);
        assertThat(logs.lines()).noneMatch(line -> line.contains("7700900123"));
    }

    @Test
    void aFailedDeliveryIsRecordedAndALaterInterimReportDoesNotOverwriteIt() {
        stack.deliveryEvents().orElseThrow().failing(NUMBER, "TEXT_CARRIER_UNREACHABLE");
        String id = sentCode();
        deliverReceipts();
        assertThat(json(twoFactor.status(id)).path("deliveryStatus").asText()).isEqualTo("CARRIER_UNREACHABLE");

        // A PENDING report that arrives late (receipts come in any order) changes nothing.
        SmsOutbox.Text text = twoFactor.texts().getLast();
        String pending = DeliveryEvents.event(text, "TEXT_PENDING", Instant.now().minusSeconds(60)).replace("\"isFinal\":true", "\"isFinal\":false");
        TwoFactorStack.invoke(receipts, TwoFactorStack.sns(pending), new LocalContext("DeliveryReceiptFunction", 15, 512));
        assertThat(twoFactor.verification(id).receipt()).isEqualTo("CARRIER_UNREACHABLE");
        assertThat(logs.all()).contains("OUT_OF_ORDER");
    }

    @Test
    void aReceiptForAReplacedCodeDoesNotTouchTheNewOne() {
        String id = sentCode();
        SmsOutbox.Text first = twoFactor.texts().getLast();
        twoFactor.clock.advance(Duration.ofSeconds(31));
        twoFactor.startLogin();
        assertThat(twoFactor.deliverSends()).isEqualTo(1);
        delivered = stack.tap("DeliveryEventsTopic").messages().size();

        String late = DeliveryEvents.event(first, "TEXT_SPAM", Instant.now());
        TwoFactorStack.invoke(receipts, TwoFactorStack.sns(late), new LocalContext("DeliveryReceiptFunction", 15, 512));
        assertThat(twoFactor.verification(id).receipt()).as("the first code's receipt is not the second's").isNull();
        assertThat(logs.all()).contains("NOT_CURRENT");
    }

    @Test
    void aReplysReceiptIsCountedAndNothingIsStored() {
        String id = sentCode();
        deliverReceipts();
        var before = stack.scan("VerificationsTable");
        String reply = DeliveryEvents.event(new SmsOutbox.Text("reply-1", NUMBER, "+447700900000", "HELP text", "TRANSACTIONAL", null, null,
                Map.of("requestId", "Help#in-1", "purpose", "HELP"), false, Instant.now()), "TEXT_DELIVERED", Instant.now());
        TwoFactorStack.invoke(receipts, TwoFactorStack.sns(reply), new LocalContext("DeliveryReceiptFunction", 15, 512));
        assertThat(stack.scan("VerificationsTable")).isEqualTo(before);
        assertThat(logs.all()).contains("delivery receipt for a reply: DELIVERED (final) in GB");
        assertThat(twoFactor.verification(id).receipt()).isEqualTo("DELIVERED");
        twoFactor.assertNoPhoneNumber(logs);
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/delivery-malformed.json")
    void malformedJsonIsLoggedWithItsReasonAndNeverThrows(String event) {
        assertThatCode(() -> TwoFactorStack.invoke(receipts, event, context())).doesNotThrowAnyException();
        assertThat(logs.all()).contains("delivery event rejected: reason=MALFORMED_JSON").contains("DeliveryReceiptRejected");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/delivery-voice-event.json")
    void aVoiceEventIsNotAReceiptAndNeverThrows(String event) {
        assertThatCode(() -> TwoFactorStack.invoke(receipts, event, context())).doesNotThrowAnyException();
        assertThat(logs.all()).contains("delivery event rejected: reason=UNKNOWN_EVENT_TYPE detail=VOICE_COMPLETED");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/delivery-code-delivered.json")
    void theSampleReceiptOfAVerificationThatIsNotHereChangesNothing(String event) {
        TwoFactorStack.invoke(receipts, event, context());
        assertThat(stack.scan("VerificationsTable")).isEmpty();
        assertThat(logs.all()).contains("delivery receipt for a code: DELIVERED (final) in GB").contains("NOT_CURRENT")
                .doesNotContain("7700900123");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/delivery-code-carrier-unreachable.json")
    void theSampleFailedReceiptIsReadAsFinal(String event) {
        TwoFactorStack.invoke(receipts, event, context());
        assertThat(logs.all()).contains("delivery receipt for a code: CARRIER_UNREACHABLE (final) in GB").doesNotContain("7700900123");
    }

    @ParameterizedTest
    @SampleEvent("events/two-factor/delivery-reply-delivered.json")
    void theSampleReplyReceiptIsCountedOnly(String event) {
        TwoFactorStack.invoke(receipts, event, context());
        assertThat(stack.scan("VerificationsTable")).isEmpty();
        assertThat(logs.all()).contains("delivery receipt for a reply: DELIVERED (final) in GB").doesNotContain("7700900123");
    }

    @Test
    void bytesThatAreNotAnSnsEventAreRejectedNotRetried() {
        for (String bytes : new String[] {"", "{\"Records\":[{\"Sns\":{\"Message\":[\"" + NUMBER + "\"]}}]}"}) {
            assertThatCode(() -> TwoFactorStack.invoke(receipts, bytes, context())).doesNotThrowAnyException();
        }
        assertThat(logs.all()).contains("delivery event rejected: reason=UNREADABLE_EVENT").doesNotContain("7700900123");
        assertThat(stack.scan("VerificationsTable")).isEmpty();
    }

    private static LocalContext context() {
        return new LocalContext("DeliveryReceiptFunction", 15, 512);
    }
}
