package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.RecordingProxy;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.PhoneNumbers;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** VerificationApiFunction's priming of a start's own path: the start's reads, for real, and not one write. */
@ExtendWith(AwsEmulatorExtension.class)
class VerificationApiPrimingIT {
    @Test
    void aStartIsPrimedWithItsReadsAndWritesNothing(AwsEmulator emulator, Stack stack) throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            Map<String, String> env = new HashMap<>(stack.functionEnvironment("VerificationApiFunction"));
            env.put("AWS_ENDPOINT_URL", proxy.endpoint().toString());
            Environment environment = new Environment(env);
            MutableClock clock = new MutableClock(TwoFactorStack.T0);
            // GB's policy allows codes, as a deployment's seed does; the stack starts empty.
            new TwoFactorStack(stack, clock, Map.of(), TwoFactorStack.randomIds(), java.util.function.UnaryOperator.identity())
                    .withCodesAllowed();
            VerificationService service = TwoFactorWiring.verificationApi(environment, TwoFactorWiring.verificationApiPlatform(environment),
                    clock, TwoFactorStack.randomIds()).verifications();
            List<String> tables = List.of("VerificationsTable", "CountersTable", "PhoneLinksTable");
            Map<String, Integer> before = new HashMap<>();
            tables.forEach(table -> before.put(table, stack.scan(table).size()));
            proxy.clear();

            service.primeStart(PhoneNumbers.trusted("+447700900123"), VerificationPurpose.LOGIN);

            assertThat(proxy.calls()).as("the policy, then the start's one read: nothing written, nothing published")
                    .containsExactly("DynamoDB.BatchGetItem CountryPoliciesTable", "DynamoDB.BatchGetItem CountersTable+VerificationsTable");
            tables.forEach(table -> assertThat(stack.scan(table)).as(table).hasSize(before.get(table)));
        }
    }
}
