package io.smsgate.twofactor;

import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static io.smsgate.twofactor.TwoFactorStack.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.port.SimSwapSignal;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Conversion feedback: an approved code is reported to End User Messaging ({@code PutMessageFeedback}
 * RECEIVED for its message id, recorded by the local stand-in) once, and a failure of feedback never
 * fails the check.
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

    @Test
    void anApprovedCodeIsReportedReceivedOnceForItsMessage() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String messageId = twoFactor.verification(id).messageId();
        assertThat(messageId).isEqualTo(twoFactor.texts().getLast().messageId());
        assertThat(stack.outbox().feedback()).isEmpty();

        twoFactor.clock.advance(Duration.ofSeconds(20));
        String code = twoFactor.lastCode(NUMBER);
        assertThat(json(twoFactor.check(id, code)).path("status").asText()).isEqualTo("APPROVED");
        assertThat(stack.outbox().feedback()).extracting(SmsOutbox.Feedback::messageId, SmsOutbox.Feedback::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(messageId, "RECEIVED"));

        // The backend's repeat of the approving check changes nothing, feedback included.
        assertThat(json(twoFactor.check(id, code)).path("status").asText()).isEqualTo("APPROVED");
        assertThat(stack.outbox().feedback()).hasSize(1);
    }

    @Test
    void aWrongCodeGivesNoFeedback() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        String code = twoFactor.lastCode(NUMBER);
        assertThat(json(twoFactor.check(id, code.equals("000000") ? "111111" : "000000")).path("status").asText()).isEqualTo("PENDING");
        assertThat(stack.outbox().feedback()).isEmpty();
    }

    @Test
    void feedbackThatFailsNeverFailsTheCheck() {
        String id = twoFactor.startLogin();
        twoFactor.deliverSends();
        // The same API, but End User Messaging unreachable for it.
        Environment env = twoFactor.environment("VerificationApiFunction", Map.of())
                .with("AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2", "http://127.0.0.1:9");
        VerificationApiHandler unreachable = new VerificationApiHandler(TwoFactorWiring.verificationApi(env,
                TwoFactorWiring.verificationApiPlatform(env), twoFactor.clock, TwoFactorStack.randomIds(), SimSwapSignal.none(),
                UnaryOperator.identity()));
        var answer = TwoFactorStack.call(unreachable, "POST", "/verifications/" + id + "/check", "POST /verifications/{id}/check",
                Map.of("id", id), "{\"code\":\"" + twoFactor.lastCode(NUMBER) + "\",\"purpose\":\"LOGIN\"}");
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer).path("status").asText()).isEqualTo("APPROVED");
        assertThat(logs.all()).contains("approved, but conversion feedback for message").contains("MessageFeedbackFailed");
        assertThat(stack.outbox().feedback()).isEmpty();
    }
}
