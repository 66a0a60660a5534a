package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class OutboundSmsReaderTest {
    private static final KeyRing KEYS = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private static final KeyRing ELSEWHERE = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
    private static final PhoneNumber TO = PhoneNumbers.parse("+447700900123", true).orElseThrow();
    private final OutboundSmsReader reader = new OutboundSmsReader(KEYS);

    private static OutboundSms request(String requestId, SealContext sealedFor) {
        return OutboundSms.text(requestId, OutboundSms.Purpose.HELP, KEYS.seal(TO, sealedFor), CountryCode.of("GB"), "Help text",
                "m-1", Instant.parse("2026-11-25T10:00:00Z"));
    }

    @Test
    void aRequestOneOfOurFunctionsMadeIsAcceptedWithItsRecipient() {
        var accepted = (OutboundSmsReader.Accepted) reader.read(new MessageSigner(KEYS).write(request("m-1#reply",
                SealContext.outbound("m-1#reply"))));
        assertThat(accepted.recipient()).isEqualTo(TO);
        assertThat(accepted.request().text()).isEqualTo("Help text");
    }

    @Test
    void aForgedOrAlteredRequestIsDropped() {
        OutboundSms request = request("m-1#reply", SealContext.outbound("m-1#reply"));
        assertDropped(Json.write(request), MessageRejection.MAC_MISSING);
        assertDropped(new MessageSigner(ELSEWHERE).write(request), MessageRejection.MAC_INVALID);
        ObjectNode node = (ObjectNode) Json.tree(new MessageSigner(KEYS).write(request));
        node.put("text", "Send money to ...");
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
        node = (ObjectNode) Json.mapper().valueToTree(request);
        node.put("mac", KEYS.mac("ApprovedCommand", CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
        node.put("mac", "v7.whatever");
        assertDropped(Json.write(node), MessageRejection.MAC_UNKNOWN_VERSION);
    }

    @Test
    void aRecipientSealedForAnotherMessageDoesNotOpen() {
        assertDropped(new MessageSigner(KEYS).write(request("m-1#reply", SealContext.inbound("m-1"))), MessageRejection.SEAL_INVALID);
        assertDropped(new MessageSigner(KEYS).write(request("m-2#reply", SealContext.outbound("m-1#reply"))),
                MessageRejection.SEAL_INVALID);
    }

    @Test
    void aRequestMacedOrSealedWithARetiredKeyIsDroppedAsKeyUnknown() {
        String k1 = "{\"current\":\"k1\",\"k1\":\"key-one-that-is-long-enough-0123456789abcdef\"}";
        String k2 = "{\"current\":\"k2\",\"k2\":\"key-two-that-is-long-enough-0123456789abcdef\"}";
        KeyRing before = ring(k1, k1);
        OutboundSms sealedBefore = OutboundSms.text("m-1#reply", OutboundSms.Purpose.HELP, before.seal(TO, SealContext.outbound("m-1#reply")),
                CountryCode.of("GB"), "Help text", "m-1", Instant.parse("2026-11-25T10:00:00Z"));
        // The MAC key k1 retired: dropped before anything is opened.
        assertThat(new OutboundSmsReader(ring(k1, k2)).read(new MessageSigner(before).write(sealedBefore)))
                .isEqualTo(new OutboundSmsReader.Dropped(MessageRejection.KEY_UNKNOWN, "mac UNKNOWN_KEY", null));
        // The sealing key k1 retired, the MAC current: the recipient does not open, with the same reason.
        KeyRing after = ring(k2, k2);
        var dropped = (OutboundSmsReader.Dropped) new OutboundSmsReader(after).read(new MessageSigner(after).write(sealedBefore));
        assertThat(dropped.reason()).isEqualTo(MessageRejection.KEY_UNKNOWN);
        assertThat(dropped.detail()).contains("k1");
    }

    private static KeyRing ring(String sealing, String macs) {
        var secrets = new java.util.EnumMap<KeySecret, String>(KeySecret.class);
        secrets.put(KeySecret.PHONE_HMAC, "a-test-secret-that-is-long-enough-0123456789");
        secrets.put(KeySecret.SEALING_KEYS, sealing);
        secrets.put(KeySecret.MESSAGE_MAC_KEYS, macs);
        return KeyRing.fromParts(secrets, java.util.EnumSet.of(KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.OUTBOUND_SMS_MAC), true);
    }

    @Test
    void notAnOutboundSmsIsMalformed() {
        assertDropped("", MessageRejection.MALFORMED);
        assertDropped("{\"type\":\"ApprovedCommand\"}", MessageRejection.MALFORMED);
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(request("m-1#reply", SealContext.outbound("m-1#reply")));
        node.remove("recipient");
        node.put("mac", KEYS.mac("OutboundSms", CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MALFORMED);
    }

    @Property(tries = 1000)
    void neverThrowsOnAnyText(@ForAll @StringLength(max = 300) String message) {
        assertThat(reader.read(message)).isNotNull();
    }

    private void assertDropped(String message, MessageRejection reason) {
        OutboundSmsReader.Result result = reader.read(message);
        assertThat(result).isInstanceOf(OutboundSmsReader.Dropped.class);
        assertThat(((OutboundSmsReader.Dropped) result).reason()).isEqualTo(reason);
    }
}
