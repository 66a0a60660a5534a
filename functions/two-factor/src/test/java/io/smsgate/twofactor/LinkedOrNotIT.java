package io.smsgate.twofactor;

import io.smsgate.local.emulator.MutableClock;
import static io.smsgate.twofactor.TwoFactorStack.NUMBER;
import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.RecordingProxy;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The enumeration the old network suffered from, tested: a start for a number linked to an account
 * and a start for a number that is not get the same answer, byte for byte (status, headers, body), and
 * cause the same AWS calls in the same order (no extra work a stopwatch could see). Two stacks, the
 * same clock and the same verification id, one with the number linked.
 */
@ExtendWith(AwsEmulatorExtension.class)
class LinkedOrNotIT {
    private record Observed(HttpApiResponse response, List<String> calls) {
    }

    @Test
    void aStartAnswersAndWorksTheSameForALinkedAndAnUnlinkedNumber(AwsEmulator emulator, Project project) throws Exception {
        Observed linked = start(emulator, project, true);
        Observed unlinked = start(emulator, project, false);

        assertThat(linked.response().statusCode()).isEqualTo(202).isEqualTo(unlinked.response().statusCode());
        assertThat(linked.response().headers()).isEqualTo(unlinked.response().headers());
        assertThat(linked.response().body().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(unlinked.response().body().getBytes(StandardCharsets.UTF_8));
        assertThat(linked.calls()).isEqualTo(unlinked.calls());
        assertThat(linked.calls()).noneMatch(call -> call.contains("PhoneLinksTable"));
        assertThat(linked.calls()).containsExactly(
                "DynamoDB.BatchGetItem CountryPoliciesTable",
                // The pointer, the failed checks, the budgets and the pumping guard's windows: the same read
                // whatever the number.
                "DynamoDB.BatchGetItem CountersTable+VerificationsTable",
                "DynamoDB.TransactWriteItems VerificationsTable",
                "SNS.Publish");
    }

    private static Observed start(AwsEmulator emulator, Project project, boolean link) throws Exception {
        try (Stack stack = project.stack(emulator, Map.of());
             RecordingProxy proxy = new RecordingProxy(emulator.endpoint(), stack.name())) {
            TwoFactorStack twoFactor = new TwoFactorStack(stack, new MutableClock(TwoFactorStack.T0),
                    Map.of("AWS_ENDPOINT_URL", proxy.endpoint().toString()), () -> "sampleVerification0001", UnaryOperator.identity())
                    .withCodesAllowed();
            if (link) {
                new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"))
                        .link(TwoFactorStack.phoneKey(NUMBER), "acct-7f3a9c", TwoFactorStack.sealedForLink(NUMBER), "GB", TwoFactorStack.T0);
                assertThat(stack.scan("PhoneLinksTable")).hasSize(1);
            }
            proxy.clear();
            HttpApiResponse response = twoFactor.start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\",\"accountId\":\"acct-7f3a9c\"}");
            return new Observed(response, proxy.calls());
        }
    }
}
