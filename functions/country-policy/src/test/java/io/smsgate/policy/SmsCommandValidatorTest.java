package io.smsgate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.KeySecret;
import io.smsgate.shared.security.SealContext;
import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SmsCommandValidatorTest {
    private static final String SECRET = "smsgate-unit-test-key-not-a-secret-0123456789abcdef";
    private static final KeyRing KEYS = KeyRing.fromSecret(SECRET);
    private static final PhoneNumber GB = PhoneNumbers.parse("+447700900123", true).orElseThrow();
    private static final SmsCommandValidator VALIDATOR = new SmsCommandValidator(KEYS);

    private static ObjectNode command(CommandName name) {
        return (ObjectNode) Json.tree(Json.write(SmsCommand.of("m-1", name, GB.country(), KEYS.seal(GB, SealContext.inbound("m-1")),
                "+12065550100", name == CommandName.POST ? KEYS.sealText("hello", SealContext.inbound("m-1")) : null,
                Instant.parse("2026-11-25T10:00:00Z"))));
    }

    @Test
    void aCommandFromOurOwnInboundFunctionIsValid() {
        var result = VALIDATOR.validate(command(CommandName.POST).toString());
        assertThat(result).isInstanceOf(SmsCommandValidator.Valid.class);
        SmsCommand valid = ((SmsCommandValidator.Valid) result).command();
        assertThat(valid.command()).isEqualTo(CommandName.POST);
        assertThat(valid.country()).isEqualTo("GB");
        assertThat(KEYS.openText(valid.sealedText(), SealContext.inbound("m-1"))).as("passed on sealed, unopened").isEqualTo("hello");
    }

    @Test
    void aCommandNameThisBuildDoesNotKnowIsReportedNotRejected() {
        ObjectNode node = command(CommandName.POST).put("command", "FOLLOW");
        assertThat(VALIDATOR.validate(node.toString()))
                .isEqualTo(new SmsCommandValidator.UnknownCommand("m-1", "FOLLOW", "GB"));
        assertThat(VALIDATOR.validate(node.put("command", "follow me; drop table").toString()))
                .as("never echoes arbitrary text into a log or a metric")
                .isEqualTo(new SmsCommandValidator.UnknownCommand("m-1", "?", "GB"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "nope", "[1,2]", "null", "{\"type\":\"SmsCommand\""})
    void notAJsonObject(String message) {
        assertRejected(message, Rejection.MALFORMED_JSON);
    }

    @Test
    void envelope() {
        assertRejected(command(CommandName.POST).put("type", "ApprovedCommand").toString(), Rejection.WRONG_TYPE);
        assertRejected(command(CommandName.POST).without("type").toString(), Rejection.WRONG_TYPE);
        assertRejected(command(CommandName.POST).put("version", 2).toString(), Rejection.UNSUPPORTED_VERSION);
        assertRejected(command(CommandName.POST).put("version", "1").toString(), Rejection.UNSUPPORTED_VERSION);
    }

    @ParameterizedTest
    @ValueSource(strings = {"inboundMessageId", "command", "country", "receivedAt", "sender"})
    void aMissingFieldIsNamed(String field) {
        var result = VALIDATOR.validate(command(CommandName.POST).without(field).toString());
        assertThat(result).isInstanceOf(SmsCommandValidator.Invalid.class);
        assertThat(((SmsCommandValidator.Invalid) result).reason()).isEqualTo(Rejection.MISSING_FIELD);
        assertThat(((SmsCommandValidator.Invalid) result).detail()).isEqualTo(field);
    }

    @Test
    void aFieldLongerThanInboundSmsCouldMakeIsRefusedBeforeItMakesAnUnpublishableApproval() {
        // Found by ./smsgate fuzz --cases 100000 (CountryPolicyFunction cases 21538, 27310, 62987, 74105):
        // SNS refused the ApprovedCommand as too long, an exception every retry would repeat.
        String huge = "v2." + "A".repeat(SmsCommandValidator.MAX_SEALED_TEXT_CHARS);
        assertRejected(command(CommandName.POST).put("sealedText", huge).toString(), Rejection.FIELD_TOO_LONG);
        assertRejected(command(CommandName.POST).put("destinationNumber", "+" + "1".repeat(40)).toString(), Rejection.FIELD_TOO_LONG);
        assertThat(VALIDATOR.validate(command(CommandName.POST).put("destinationNumber", "+447700900000").toString()))
                .isInstanceOf(SmsCommandValidator.Valid.class);
    }

    @Test
    void fieldsWithTheWrongShape() {
        assertRejected(command(CommandName.POST).put("receivedAt", "yesterday").toString(), Rejection.MISSING_FIELD);
        assertRejected(command(CommandName.POST).put("sealedText", 42).toString(), Rejection.MISSING_FIELD);
        ObjectNode blankKey = command(CommandName.POST);
        ((ObjectNode) blankKey.path("sender")).put("key", " ");
        assertRejected(blankKey.toString(), Rejection.MISSING_FIELD);
        assertRejected(command(CommandName.POST).put("inboundMessageId", "has spaces in it").toString(), Rejection.INVALID_MESSAGE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UK", "gb", "XX", "GBR", ""})
    void theCountryMustBeAnIsoCode(String country) {
        assertRejected(command(CommandName.POST).put("country", country).toString(), Rejection.INVALID_COUNTRY);
    }

    @Test
    void theSenderMustOpenWithOurKeyAndBelongToTheCountry() {
        KeyRing other = KeyRing.fromSecret("another-deployment-entirely-0123456789abcdefghijkl");
        ObjectNode forged = command(CommandName.POST);
        forged.set("sender", Json.tree(Json.write(other.seal(GB, SealContext.inbound("m-1")))));
        assertRejected(forged.toString(), Rejection.INVALID_SENDER);

        ObjectNode copied = command(CommandName.POST);
        copied.set("sender", Json.tree(Json.write(KEYS.seal(GB, SealContext.inbound("m-0")))));
        assertRejected(copied.toString(), Rejection.INVALID_SENDER);
        assertRejected(command(CommandName.POST).put("inboundMessageId", "m-2").toString(), Rejection.INVALID_SENDER);

        ObjectNode swapped = command(CommandName.POST);
        ((ObjectNode) swapped.path("sender")).put("key", KEYS.phoneKey(PhoneNumbers.parse("+12065550123").orElseThrow()));
        assertRejected(swapped.toString(), Rejection.INVALID_SENDER);

        assertRejected(command(CommandName.POST).put("country", "US").toString(), Rejection.INVALID_SENDER);
    }

    @Property
    void neverThrowsOnAnyText(@ForAll String message) {
        assertThat(VALIDATOR.validate(message)).isNotNull();
    }

    @Property
    void neverThrowsWhateverAFieldHolds(@ForAll String value) {
        for (String field : new String[] {"type", "inboundMessageId", "command", "country", "receivedAt", "sealedText"}) {
            assertThat(VALIDATOR.validate(command(CommandName.POST).put(field, value).toString())).isNotNull();
        }
    }

    @Test
    void aSenderSealedWithAKeyIdTheSecretNoLongerHoldsIsKeyUnknown() {
        ObjectNode retired = command(CommandName.POST);
        String sealed = retired.path("sender").path("sealed").asText();
        assertThat(sealed).startsWith("v2.k1.");
        ((ObjectNode) retired.path("sender")).put("sealed", "v2.k7." + sealed.substring("v2.k1.".length()));
        assertRejected(retired.toString(), Rejection.KEY_UNKNOWN);
    }

    @Test
    void aValidatorNeedsTheNumberSealingKeyFromTheStart() {
        KeyRing textOnly = KeyRing.fromParts(KeySecret.developmentValues(SECRET), java.util.EnumSet.of(KeyRing.Purpose.PHONE_KEY,
                KeyRing.Purpose.TEXT_SEALING), true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmsCommandValidator(textOnly))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("number sealing");
    }

    private static void assertRejected(String message, Rejection reason) {
        var result = VALIDATOR.validate(message);
        assertThat(result).isInstanceOf(SmsCommandValidator.Invalid.class);
        assertThat(((SmsCommandValidator.Invalid) result).reason()).isEqualTo(reason);
    }
}
