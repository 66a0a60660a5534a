package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class MessageFeedbackReaderTest {
    private static final KeyRing KEYS = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private static final KeyRing ELSEWHERE = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
    private static final Instant AT = Instant.parse("2026-11-25T10:00:00Z");
    private final MessageFeedbackReader reader = new MessageFeedbackReader(KEYS);

    private static MessageFeedback feedback() {
        return MessageFeedback.received("862a8790-60c0-4430-9b2b-658bdexample", "v-1", "GB", AT);
    }

    @Test
    void feedbackTheApiMadeIsAccepted() {
        String written = new MessageSigner(KEYS).write(feedback());
        assertThat(reader.read(written)).isEqualTo(new MessageFeedbackReader.Accepted(feedback()));
        assertThat(Json.tree(written).fieldNames()).toIterable()
                .containsExactlyInAnyOrder("type", "version", "messageId", "status", "verificationId", "country", "requestedAt", "mac");
        assertThat(feedback().attributes()).isEqualTo(Map.of("kind", "FEEDBACK", "country", "GB"));
    }

    @Test
    void forgedOrAlteredFeedbackIsDropped() {
        assertDropped(Json.write(feedback()), MessageRejection.MAC_MISSING);
        assertDropped(new MessageSigner(ELSEWHERE).write(feedback()), MessageRejection.MAC_INVALID);
        ObjectNode node = (ObjectNode) Json.tree(new MessageSigner(KEYS).write(feedback()));
        node.put("messageId", "someone-elses-message");
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
        node.put("mac", "v7.whatever");
        assertDropped(Json.write(node), MessageRejection.MAC_UNKNOWN_VERSION);
    }

    @Test
    void anotherTypesMacNeverPassesForFeedbackNorFeedbacksForAnother() {
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(feedback());
        node.put("mac", KEYS.mac(OutboundSms.TYPE, CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);

        // A feedback MAC on a text request: OutboundSmsReader checks with the OutboundSms key.
        OutboundSms text = OutboundSms.text("m-1#reply", OutboundSms.Purpose.HELP,
                KEYS.seal(PhoneNumbers.trusted("+447700900123"), SealContext.outbound("m-1#reply")), CountryCode.of("GB"), "Help",
                "m-1", AT);
        ObjectNode request = (ObjectNode) Json.mapper().valueToTree(text);
        request.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(request)));
        var dropped = (OutboundSmsReader.Dropped) new OutboundSmsReader(KEYS).read(Json.write(request));
        assertThat(dropped.reason()).isEqualTo(MessageRejection.MAC_INVALID);
    }

    @Test
    void notFeedbackOrAMessageIdEndUserMessagingWouldRefuseIsMalformed() {
        assertDropped("", MessageRejection.MALFORMED);
        assertDropped("{\"type\":\"OutboundSms\"}", MessageRejection.MALFORMED);
        for (String field : new String[] {"messageId", "verificationId", "country", "requestedAt", "status"}) {
            ObjectNode node = (ObjectNode) Json.mapper().valueToTree(feedback());
            node.remove(field);
            node.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(node)));
            assertDropped(Json.write(node), MessageRejection.MALFORMED);
        }
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(feedback());
        node.put("messageId", "not a message id; DROP TABLE");
        node.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MALFORMED);
        node.put("messageId", feedback().messageId());
        node.put("verificationId", "v-1\nforged log line");
        node.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MALFORMED);
        node.put("verificationId", "v-1");
        node.put("country", "UK");
        node.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MALFORMED);
        node.put("country", "GB");
        node.put("status", "FAILED");
        node.put("mac", KEYS.mac(MessageFeedback.TYPE, CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MALFORMED);
    }

    @Test
    void aReaderNeedsTheFeedbackKey() {
        KeyRing withoutIt = KeyRing.fromParts(Map.of(KeySecret.MESSAGE_MAC_KEYS, "{\"current\":\"k1\",\"k1\":\"key-one-that-is-long-enough-0123456789abcdef\"}"),
                java.util.EnumSet.of(KeyRing.Purpose.OUTBOUND_SMS_MAC), false);
        assertThatThrownBy(() -> new MessageFeedbackReader(withoutIt)).hasMessageContaining("MessageFeedback MAC");
    }

    @Property(tries = 1000)
    void neverThrowsOnAnyText(@ForAll @StringLength(max = 300) String message) {
        assertThat(reader.read(message)).isNotNull();
    }

    private void assertDropped(String message, MessageRejection reason) {
        MessageFeedbackReader.Result result = reader.read(message);
        assertThat(result).isInstanceOf(MessageFeedbackReader.Dropped.class);
        assertThat(((MessageFeedbackReader.Dropped) result).reason()).isEqualTo(reason);
    }
}
