package io.smsgate.local.cli.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.cli.Cli;
import io.smsgate.local.cli.Smsgate;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ./smsgate invoke} end to end: moto started, resources created, handler run, output printed. */
class InvokeCommandIT {
    private record Run(int exit, String output) {
    }

    private static Run smsgate(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        try (PrintStream capture = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(capture);
            int exit = new CommandLine(new Smsgate()).execute(args);
            return new Run(exit, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void invokesTheInboundFunctionOnASampleEventAndShowsWhatItDid() {
        Run run = smsgate("invoke", "InboundSmsFunction", "events/inbound-sms/post.json");

        assertThat(run.exit()).isZero();
        assertThat(run.output())
                .contains("invoke    InboundSmsFunction  (io.smsgate.inbound.InboundSmsHandler::handleRequest)")
                .contains("POST from +44******0123 forwarded for the GB policy")
                .contains("METRIC InboundAccepted Function=InboundSmsFunction Command=POST")
                .contains("CommandsTopic  attributes {command=POST, country=GB}")
                .contains("\"sealedText\":\"v2.")
                .contains("OutboundSmsTopic: nothing")
                .as("a POST is not claimed here (PostingFunction dedupes it)").doesNotContain("IdempotencyTable  {")
                .as("the body travels sealed: the published command shows no text")
                .doesNotContain("Hello from my phone")
                .doesNotContain("7700900123");
    }

    @Test
    void aRejectedEventIsShownWithItsReason() {
        Run run = smsgate("invoke", "InboundSmsFunction", "events/inbound-sms/invalid-number.json");
        assertThat(run.exit()).isZero();
        assertThat(run.output()).contains("reason=INVALID_NUMBER").contains("CommandsTopic: nothing");
    }

    @Test
    void sendSmsPrintsTheTextsItSentToTheLocalOutbox() {
        Run run = smsgate("invoke", "SendSmsFunction", "events/two-factor/send-text.json");

        assertThat(run.exit()).isZero();
        assertThat(run.output())
                .contains("HELP text sent to +44******0123")
                .contains("texts sent (local outbox standing in for End User Messaging)")
                .contains("to +44******0123  from arn:aws:sms-voice:us-east-1:123456789012:phone-number/")
                .contains("TRANSACTIONAL")
                .contains("| smsgate: text this number to post")
                .doesNotContain("7700900123");
    }

    @Test
    void theVerificationApiStartsAVerificationOnTheSeededStackAndRequestsACode() {
        Run run = smsgate("invoke", "VerificationApiFunction", "events/two-factor/start.json");

        assertThat(run.exit()).isZero();
        assertThat(run.output())
                .contains("\"statusCode\":202")
                .contains("OutboundSmsTopic  attributes {country=GB, kind=CODE}")
                .contains("\"kind\":\"CODE\"")
                .doesNotContain("7700900123");
    }

    @Test
    void anUnknownFunctionOrEventIsAnError() {
        assertThat(Cli.smsgate("invoke", "NoSuchFunction", "events/inbound-sms/post.json").exit()).isEqualTo(2);
        assertThat(Cli.smsgate("invoke", "InboundSmsFunction", "events/nope.json").exit()).isEqualTo(2);
    }

    @Test
    void aFreshStackGetsTheSeedSoTheGbSampleIsApprovedAndTheUsSampleDenied() {
        Run approved = smsgate("invoke", "CountryPolicyFunction", "events/country-policy/post-gb.json");
        assertThat(approved.exit()).isZero();
        assertThat(approved.output())
                .contains("policies  policies/seed.yaml written to the fresh stack (6 items)")
                .contains("POST from GB approved: reason=APPROVED policy=GB postingAuth=PIN")
                .contains("METRIC PolicyDecision Function=CountryPolicyFunction Decision=approved Command=POST")
                .contains("ApprovedCommandsTopic  attributes {command=POST, country=GB}")
                .contains("OutboundSmsTopic: nothing")
                .contains("CountryPoliciesTable: nothing")
                .doesNotContain("7700900123");

        Run denied = smsgate("invoke", "CountryPolicyFunction", "events/country-policy/post-us.json");
        assertThat(denied.exit()).isZero();
        assertThat(denied.output())
                .contains("POST from US denied: reason=DENIED_COUNTRY policy=DEFAULT reply=REQUESTED")
                .contains("ApprovedCommandsTopic: nothing")
                .contains("\"purpose\":\"POLICY_DENIED\"")
                .contains("CountersTable  {at=")
                .doesNotContain("2065550123");
    }
}
