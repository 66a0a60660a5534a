package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SealedNumber;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class ApprovedCommandReaderTest {
    private static final KeyRing KEYS = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private static final KeyRing ELSEWHERE = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
    private static final PhoneNumber SENDER = PhoneNumbers.parse("+447700900123", true).orElseThrow();
    private final ApprovedCommandReader reader = new ApprovedCommandReader(KEYS);

    static ApprovedCommand command(KeyRing keys, String id, SealContext sealedFor, int limit) {
        return new ApprovedCommand(ApprovedCommand.TYPE, ApprovedCommand.VERSION, id, CommandName.POST, "GB",
                keys.seal(SENDER, sealedFor), "+12065550100", keys.sealText("4821 hello", sealedFor),
                Instant.parse("2026-11-25T10:00:00Z"), "GB", PostingAuth.PIN, SimSwapCheck.OFF, 240, limit,
                Instant.parse("2026-11-25T10:00:01Z"));
    }

    private static String signed(ApprovedCommand command) {
        return new MessageSigner(KEYS).write(command);
    }

    @Test
    void aCommandCountryPolicySignedIsAcceptedWithItsSenderAndText() {
        String message = signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5));
        assertThat(message).doesNotContain("4821").doesNotContain("7700900123").contains("\"mac\":\"v1.");
        var accepted = (ApprovedCommandReader.Accepted) reader.read(message);
        assertThat(accepted.command().maxPostsPerHourPerAccount()).isEqualTo(5);
        assertThat(accepted.sender()).isEqualTo(SENDER);
        assertThat(accepted.text()).isEqualTo("4821 hello");
        assertThat(accepted.toString()).doesNotContain("4821").doesNotContain("7700900123");
    }

    @Test
    void anAlteredLimitInAValidlySealedCommandIsDropped() {
        ObjectNode node = (ObjectNode) Json.tree(signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)));
        node.put("maxPostsPerHourPerAccount", 1000);
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
        node = (ObjectNode) Json.tree(signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)));
        node.put("postingAuth", "NONE");
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
        node = (ObjectNode) Json.tree(signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)));
        node.put("extra", "a field the MAC did not cover");
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
    }

    @Test
    void aCommandWithoutAMacOrWithAnUnknownOneIsDropped() {
        ObjectNode node = (ObjectNode) Json.tree(signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)));
        String mac = node.path("mac").asText();
        node.remove("mac");
        assertDropped(Json.write(node), MessageRejection.MAC_MISSING);
        assertDropped(Json.write(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)), MessageRejection.MAC_MISSING);
        node.put("mac", 42);
        assertDropped(Json.write(node), MessageRejection.MAC_MISSING);
        node.put("mac", "v2." + mac.substring(3));
        assertDropped(Json.write(node), MessageRejection.MAC_UNKNOWN_VERSION);
    }

    @Test
    void aCommandMacedWithAnotherDeploymentsKeyOrAnotherTypesKeyIsDropped() {
        assertDropped(new MessageSigner(ELSEWHERE).write(command(KEYS, "m-1", SealContext.inbound("m-1"), 5)),
                MessageRejection.MAC_INVALID);
        ObjectNode node = (ObjectNode) Json.mapper().valueToTree(command(KEYS, "m-1", SealContext.inbound("m-1"), 5));
        node.put("mac", KEYS.mac("OutboundSms", CanonicalJson.of(node)));
        assertDropped(Json.write(node), MessageRejection.MAC_INVALID);
    }

    @Test
    void aSealCopiedFromAnotherMessageDoesNotOpenEvenUnderAValidMac() {
        // What a holder of the MAC key alone could make: a valid MAC over a sender sealed for another text.
        ApprovedCommand copied = command(KEYS, "m-1", SealContext.inbound("m-0"), 5);
        assertDropped(signed(copied), MessageRejection.SEAL_INVALID);
        ApprovedCommand good = command(KEYS, "m-1", SealContext.inbound("m-1"), 5);
        ApprovedCommand copiedText = new ApprovedCommand(good.type(), good.version(), good.inboundMessageId(), good.command(),
                good.country(), good.sender(), good.destinationNumber(), KEYS.sealText("4821 hello", SealContext.inbound("m-0")),
                good.receivedAt(), good.policyScope(), good.postingAuth(), good.simSwapCheck(), good.simSwapMaxAgeHours(),
                good.maxPostsPerHourPerAccount(), good.approvedAt());
        assertDropped(signed(copiedText), MessageRejection.TEXT_SEAL_INVALID);
        ApprovedCommand v1Sender = new ApprovedCommand(good.type(), good.version(), good.inboundMessageId(), good.command(),
                good.country(), new SealedNumber(good.sender().key(), "v1." + good.sender().sealed().substring(3)),
                good.destinationNumber(), good.sealedText(), good.receivedAt(), good.policyScope(), good.postingAuth(),
                good.simSwapCheck(), good.simSwapMaxAgeHours(), good.maxPostsPerHourPerAccount(), good.approvedAt());
        assertDropped(signed(v1Sender), MessageRejection.SEAL_INVALID);
    }

    @Test
    void notAnApprovedCommandIsMalformed() {
        assertDropped("not json", MessageRejection.MALFORMED);
        assertDropped("[]", MessageRejection.MALFORMED);
        assertDropped("{\"type\":\"OutboundSms\"}", MessageRejection.MALFORMED);
        assertDropped(signed(command(KEYS, "m-1", SealContext.inbound("m-1"), -1)), MessageRejection.MALFORMED);
    }

    @Property(tries = 1000)
    void neverThrowsOnAnyText(@ForAll @StringLength(max = 300) String message) {
        assertThat(reader.read(message)).isNotNull();
    }

    @Property(tries = 500)
    void anySingleCharacterChangedIsNeverAccepted(@ForAll @IntRange(min = 0, max = 10_000) int at, @ForAll char with) {
        String message = signed(command(KEYS, "m-1", SealContext.inbound("m-1"), 5));
        int i = at % message.length();
        if (message.charAt(i) == with) {
            return;
        }
        String changed = message.substring(0, i) + with + message.substring(i + 1);
        // The same JSON in another spelling (whitespace, an escape) is the same message; anything else is dropped.
        boolean sameJson;
        try {
            sameJson = Json.tree(changed).equals(Json.tree(message));
        } catch (RuntimeException e) {
            sameJson = false;
        }
        assertThat(reader.read(changed) instanceof ApprovedCommandReader.Accepted).isEqualTo(sameJson);
    }

    private void assertDropped(String message, MessageRejection reason) {
        ApprovedCommandReader.Result result = reader.read(message);
        assertThat(result).isInstanceOf(ApprovedCommandReader.Dropped.class);
        assertThat(((ApprovedCommandReader.Dropped) result).reason()).isEqualTo(reason);
    }
}
