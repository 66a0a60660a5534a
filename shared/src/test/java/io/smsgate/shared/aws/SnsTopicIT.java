package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.MessageSigner;
import io.smsgate.shared.security.OutboundSmsReader;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class SnsTopicIT {
    @Test
    void publishesJsonWithOnlyTheRoutingAttributes(Stack stack) {
        KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        var sender = PhoneNumbers.parse("+447700900123", true).orElseThrow();
        SmsCommand command = SmsCommand.of("m-1", CommandName.POST, CountryCode.of("GB"), keys.seal(sender, SealContext.inbound("m-1")),
                "+12065550100", keys.sealText("hello", SealContext.inbound("m-1")), Instant.parse("2026-11-25T10:00:00Z"));

        new SnsTopic<SmsCommand>(stack.sns(), stack.physicalId("CommandsTopic")).publish(command);

        List<TopicTap.Published> published = stack.tap("CommandsTopic").messages();
        assertThat(published).hasSize(1);
        assertThat(published.getFirst().attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("command", "POST", "country", "GB"));
        assertThat(published.getFirst().json().path("type").asText()).isEqualTo("SmsCommand");
        assertThat(published.getFirst().json().path("version").asInt()).isEqualTo(1);
        assertThat(published.getFirst().body()).doesNotContain("7700900123");
    }

    @Test
    void refusesAnAttributeThatIsNotForRouting(Stack stack) {
        record Leaky(String type, int version, Map<String, String> attributes) implements PublishedMessage {
        }
        var topic = new SnsTopic<Leaky>(stack.sns(), stack.physicalId("CommandsTopic"));
        assertThatThrownBy(() -> topic.publish(new Leaky("Leaky", 1, Map.of("phone", "+447700900123"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
    }

    @Test
    void aMessageThatCarriesAMacIsPublishedOnlyWithIt(Stack stack) {
        KeyRing keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        var recipient = keys.seal(PhoneNumbers.parse("+447700900123", true).orElseThrow(), SealContext.outbound("m-1#reply"));
        OutboundSms request = OutboundSms.text("m-1#reply", OutboundSms.Purpose.HELP, recipient, CountryCode.of("GB"), "help",
                "m-1", Instant.parse("2026-11-25T10:00:00Z"));
        String arn = stack.physicalId("OutboundSmsTopic");

        assertThatThrownBy(() -> new SnsTopic<OutboundSms>(stack.sns(), arn).publish(request))
                .isInstanceOf(IllegalStateException.class);
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();

        new SnsTopic<OutboundSms>(stack.sns(), arn, new MessageSigner(keys)).publish(request);
        String body = stack.tap("OutboundSmsTopic").messages().getFirst().body();
        assertThat(Json.tree(body).path("mac").asText()).startsWith("v1.");
        assertThat(new OutboundSmsReader(keys).read(body)).isInstanceOf(OutboundSmsReader.Accepted.class);
    }
}
