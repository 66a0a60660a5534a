package io.smsgate.local.cli.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.Cli;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.shared.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class SamEnvCommandIT {
    @Test
    void printsAnEnvVarsFileNamingTheResourcesItCreatedForEveryFunction(AwsEmulator emulator) {
        String stack = "sam-env-" + Long.toHexString(System.nanoTime());
        Cli.Run run = Cli.smsgate("sam-env", "--endpoint", emulator.endpoint().toString(), "--stack", stack);
        assertThat(run.exit()).as(run.all()).isZero();

        JsonNode file = Json.tree(run.out());
        assertThat(file.fieldNames()).toIterable()
                .contains("InboundSmsFunction", "CountryPolicyFunction", "PostingFunction", "VerificationApiFunction", "SendSmsFunction");
        assertThat(file.path("InboundSmsFunction").path("IDEMPOTENCY_TABLE_NAME").asText()).isEqualTo(stack + "-IdempotencyTable");
        assertThat(file.path("PostingFunction").path("POSTS_TABLE_NAME").asText()).isEqualTo(stack + "-PostsTable");
        assertThat(file.path("InboundSmsFunction").has("AWS_ENDPOINT_URL")).as("goes in as a template parameter").isFalse();
        assertThat(run.err()).contains("sam local invoke InboundSmsFunction").contains("EmulatorEndpoint=http://host.docker.internal:");

        Cli.Run again = Cli.smsgate("sam-env", "--endpoint", emulator.endpoint().toString(), "--stack", stack);
        assertThat(again.exit()).as("a second run reuses the stack").isZero();
        assertThat(Json.tree(again.out())).isEqualTo(file);
    }
}
