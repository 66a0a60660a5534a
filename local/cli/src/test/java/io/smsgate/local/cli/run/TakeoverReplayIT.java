package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The takeover of issue 10 replayed through every function on the emulator: a number that can post is
 * re-armed with a new PIN through the settings API, which needs the current PIN and restarts the
 * cooling-off. The local stack's cooling-off (local/parameters.json, PostingCoolingOffSeconds) is a
 * few seconds of real time, which the pipeline's functions read from their own clocks.
 */
@ExtendWith(AwsEmulatorExtension.class)
class TakeoverReplayIT {
    private static final String ALICE = "+447700900123";
    private static final String ACCOUNT = "alice";

    @Test
    void aNewPinNeedsTheCurrentOneAndCannotPostUntilTheCoolingOffHasPassedAgain(Stack stack, Project project) {
        stack.provisionAll();
        PolicySeed.write(project, stack);
        LocalSystem system = new LocalSystem(stack);
        Report report = new Report(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String to = system.inboundNumbers().getFirst();
        Duration coolingOff = Duration.ofSeconds(Long.parseLong(stack.parameter("PostingCoolingOffSeconds").orElseThrow()));
        assertThat(coolingOff).as("local/parameters.json keeps it short").isLessThanOrEqualTo(Duration.ofSeconds(10));

        // Link the phone and turn posting on with PIN 4821.
        var start = system.call("POST", "/verifications", Map.of("phone", ALICE, "purpose", "LINK_PHONE", "accountId", ACCOUNT),
                report, null);
        assertThat(start.status()).isEqualTo(202);
        String code = system.outbox().texts().stream().filter(t -> ALICE.equals(t.destination())).map(SmsOutbox.Text::code)
                .flatMap(Optional::stream).reduce((a, b) -> b).orElseThrow();
        assertThat(system.call("POST", "/verifications/" + start.json().path("verificationId").asText() + "/check",
                Map.of("code", code, "purpose", "LINK_PHONE", "accountId", ACCOUNT), report, null).status()).isEqualTo(200);
        var on = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings", Map.of("smsPosting", true, "pin", "4821"), report, null);
        assertThat(on.status()).isEqualTo(200);
        assertThat(on.trace().ofType("SecurityEventsTopic", "SmsPostingArmed")).hasSize(1);

        pause(coolingOff.plusMillis(500));
        assertThat(system.text(ALICE, to, "4821 hello", report, null).ofType("PostsTopic", "PostCreated")).hasSize(1);

        // Whoever has the account session but not the PIN cannot set their own.
        var noCurrent = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings", Map.of("smsPosting", true, "pin", "9999"),
                report, null);
        assertThat(noCurrent.status()).isEqualTo(400);
        assertThat(noCurrent.json().path("reason").asText()).isEqualTo("CURRENT_PIN_REQUIRED");
        assertThat(noCurrent.trace().on("SecurityEventsTopic")).isEmpty();

        // With the current PIN the change is made, the owner is told, and posting is armed anew.
        var change = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings",
                Map.of("smsPosting", true, "pin", "9999", "currentPin", "4821"), report, null);
        assertThat(change.status()).isEqualTo(200);
        List<TopicTap.Published> armed = change.trace().ofType("SecurityEventsTopic", "SmsPostingArmed");
        assertThat(armed).singleElement().satisfies(event -> {
            assertThat(event.json().path("accountId").asText()).isEqualTo(ACCOUNT);
            assertThat(event.json().path("changes").toString()).isEqualTo("[\"PIN_CHANGED\"]");
        });

        java.time.Instant armedAt = java.time.Instant.parse(armed.getFirst().json().path("at").asText());
        var atOnce = system.text(ALICE, to, "9999 this is mine now", report, null);
        List<TopicTap.Published> early = atOnce.ofType("PostsTopic", "PostCreated");
        // The cooling-off is a few seconds of real time: on a loaded machine the pipeline may take longer
        // than that, and then the text may post, but never before the cooling-off has passed.
        if (early.isEmpty()) {
            assertThat(atOnce.texts()).singleElement().satisfies(text ->
                    assertThat(text.body()).isEqualTo("To post by text, turn on SMS posting in your settings."));
        } else {
            assertThat(java.time.Instant.parse(early.getFirst().json().path("createdAt").asText()))
                    .isAfterOrEqualTo(armedAt.plus(coolingOff));
        }
        assertThat(system.text(ALICE, to, "4821 the old PIN", report, null).ofType("PostsTopic", "PostCreated")).isEmpty();

        pause(coolingOff.plusMillis(500));
        assertThat(system.text(ALICE, to, "9999 after the cooling-off", report, null).ofType("PostsTopic", "PostCreated")).hasSize(1);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
