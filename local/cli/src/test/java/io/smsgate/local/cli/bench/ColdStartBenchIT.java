package io.smsgate.local.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** What the cold-start bench sets up so that PostingFunction's sample is a post, not a refusal. */
@ExtendWith(AwsEmulatorExtension.class)
class ColdStartBenchIT {
    @Test
    void everySenderTheProbeMayGiveThePostIsLinkedWithItsPinAndPastTheCoolingOff(Stack stack, Project project) throws Exception {
        Path event = project.resolve(ColdStartBench.FUNCTIONS.get("PostingFunction"));
        ColdStartBench.linkPostingSenders(stack, event);

        KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        DynamoPhoneLinks links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
        ColdStartBench.SamplePost sample = ColdStartBench.SamplePost.of(event);
        Instant received = sample.receivedAt();
        PinHasher pins = new PinHasher(keys, PinHasher.DEFAULT_ITERATIONS);
        assertThat(sample.pin()).as("the PIN the sample's text starts with").isEqualTo("73915284");
        for (String number : List.of(ColdStartProbe.fictionalUk(0), "+447700900123",
                ColdStartProbe.fictionalUk(ColdStartProbe.FICTIONAL_UK_NUMBERS - 1))) {
            PhoneLink link = links.find(keys.phoneKey(PhoneNumbers.trusted(number))).orElseThrow();
            assertThat(link.smsPosting()).as(number).isTrue();
            assertThat(pins.matches(sample.pin(), link.pinHash())).as(number + ": the sample's PIN").isTrue();
            assertThat(link.postingAllowedFrom(Duration.ofHours(24))).as(number + ": past the default cooling-off when the text came")
                    .isBefore(received);
        }
        assertThat(stack.scan("PhoneLinksTable").stream().filter(item -> item.containsKey("accountId"))
                .map(item -> item.get("accountId").s()).distinct().count()).as("an account each").isEqualTo(1000);
    }
}
