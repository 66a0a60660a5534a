package io.smsgate.local.cli.proof;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.json.Json;
import org.junit.jupiter.api.Test;

/** What the fuzz's leak scan looks for in a payload's log lines. */
class FuzzSecretsTest {
    @Test
    void numbersPinsAndCodesInsideEmbeddedJsonAreSecretsWithConfusableDigitsNormalised() {
        String message = Json.write(java.util.Map.of("originationNumber", "+４４７７００９００５５５", "messageBody", "7391 hello",
                "inboundMessageId", "c41f2e8a-5b6d-4c7e-8f90-000000000001"));
        var payload = Json.tree(Json.write(java.util.Map.of("Records", java.util.List.of(java.util.Map.of("Sns",
                java.util.Map.of("Message", message, "MessageId", "+447700900777"))))));

        assertThat(FuzzCommand.secrets(payload)).contains("700900555", "7391")
                .as("ids are not secrets, even when they hold digits").doesNotContain("000000001", "700900777");
    }

    @Test
    void anApiBodysCodeAndPinAreSecrets() {
        var event = Json.tree(Json.write(java.util.Map.of("body", Json.write(java.util.Map.of("code", "٤٨٢١٩٣", "pin", "5512",
                "phone", "+447700900888")))));
        assertThat(FuzzCommand.secrets(event)).contains("482193", "5512", "700900888");
    }

    @Test
    void aPinThatARandomIdHappensToHoldIsNoLeakButThePinInTheTextIs() {
        var secrets = java.util.Set.of("8471", "700900555");
        // From the first 100,000-payload run: the PIN inside a UUID-shaped inbound or SNS message id.
        assertThat(FuzzCommand.leak("{\"message\":\"inbound SMS rejected: reason=INVALID_NUMBER snsMessageId=95df01b4-ee98-5cb9-0010-4c221d41eb5e\","
                + "\"inboundMessageId\":\"74324ae2-83e9-8471-9dba-caf39f2973c5\"}", secrets)).isEmpty();
        assertThat(FuzzCommand.leak("{\"message\":\"rejected snsMessageId=1306ee42-debe-48a2-a4ee-e6d8bd8471cc\"}", secrets)).isEmpty();
        assertThat(FuzzCommand.leak("{\"message\":\"post text 8471 hello\",\"inboundMessageId\":\"74324ae2-83e9-1111-9dba-caf39f2973c5\"}", secrets))
                .hasValueSatisfying(shown -> assertThat(shown).contains("post text <SECRET> hello"));
        assertThat(FuzzCommand.leak("{\"message\":\"from +44700900555\"}", secrets)).isPresent();
    }
}
