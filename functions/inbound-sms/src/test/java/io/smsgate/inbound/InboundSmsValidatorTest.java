package io.smsgate.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.json.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InboundSmsValidatorTest {
    private final InboundSmsValidator validator = new InboundSmsValidator(Set.of("+12065550100"), 20, true);

    private static String payload(Map<String, Object> overrides) {
        Map<String, Object> fields = new HashMap<>(Map.of(
                "originationNumber", "+447700900123",
                "destinationNumber", "+12065550100",
                "messageKeyword", "KEYWORD",
                "messageBody", "hello",
                "inboundMessageId", "abc-123",
                "previousPublishedMessageId", "x"));
        fields.putAll(overrides);
        fields.values().removeIf(value -> value == Void.class);
        return Json.write(fields);
    }

    /**
     * Found by {@code smsgate fuzz --seed 1} (InboundSmsFunction cases 14, 78, 123, 237, 292): an
     * optional field of another type escaped from the handler as MalformedJsonException, so Lambda
     * would retry a message that can never succeed, then dead-letter it.
     */
    @ParameterizedTest
    @CsvSource({"messageKeyword", "previousPublishedMessageId"})
    void anOptionalFieldThatIsNotAStringIsRefusedNotThrown(String field) {
        for (Object value : new Object[] {Map.of("nested", 1), java.util.List.of(1, 2)}) {
            var result = validator.validate(payload(Map.of(field, value)));
            assertThat(result).isInstanceOfSatisfying(InboundSmsValidator.Invalid.class, invalid -> {
                assertThat(invalid.reason()).isEqualTo(Rejection.MALFORMED_FIELD);
                assertThat(invalid.inboundMessageId()).isEqualTo("abc-123");
            });
        }
    }

    @Test
    void aWellFormedTextIsValidWithItsSenderNormalised() {
        var result = validator.validate(payload(Map.of("originationNumber", "+44 7700 900123")));
        assertThat(result).isInstanceOf(InboundSmsValidator.Valid.class);
        var valid = (InboundSmsValidator.Valid) result;
        assertThat(valid.sender().e164()).isEqualTo("+447700900123");
        assertThat(valid.sender().country().value()).isEqualTo("GB");
    }

    @ParameterizedTest
    @CsvSource({
            "originationNumber, MISSING_FIELD",
            "destinationNumber, MISSING_FIELD",
            "messageBody, MISSING_FIELD",
            "inboundMessageId, MISSING_FIELD"})
    void eachRequiredFieldIsRequired(String field, Rejection expected) {
        assertThat(reason(payload(Map.of(field, Void.class)))).isEqualTo(expected);
    }

    @Test
    void eachRuleHasItsReason() {
        assertThat(reason("not json")).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(reason("[1,2]")).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(reason("")).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(reason(null)).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(reason(payload(Map.of("messageBody", 42)))).isEqualTo(Rejection.MISSING_FIELD);
        assertThat(reason(payload(Map.of("inboundMessageId", "has spaces")))).isEqualTo(Rejection.INVALID_MESSAGE_ID);
        assertThat(reason(payload(Map.of("destinationNumber", "+12065550199")))).isEqualTo(Rejection.UNKNOWN_DESTINATION);
        assertThat(reason(payload(Map.of("originationNumber", "+44123")))).isEqualTo(Rejection.INVALID_NUMBER);
        assertThat(reason(payload(Map.of("originationNumber", "07700900123")))).isEqualTo(Rejection.INVALID_NUMBER);
        assertThat(reason(payload(Map.of("originationNumber", "+12065550100")))).isEqualTo(Rejection.SELF_ORIGINATED);
        assertThat(reason(payload(Map.of("messageBody", " \n ")))).isEqualTo(Rejection.EMPTY_BODY);
        assertThat(reason(payload(Map.of("messageBody", "x".repeat(21))))).isEqualTo(Rejection.BODY_TOO_LONG);
    }

    @ParameterizedTest
    @CsvSource({"messageKeyword", "previousPublishedMessageId"})
    void anOptionalFieldThatIsNotAStringIsMalformedNotAnException(String field) {
        assertThat(reason(payload(Map.of(field, Map.of("nested", "x"))))).isEqualTo(Rejection.MALFORMED_FIELD);
        assertThat(reason(payload(Map.of(field, java.util.List.of("x"))))).isEqualTo(Rejection.MALFORMED_FIELD);
        assertThat(reason(payload(Map.of(field, 7)))).isEqualTo(Rejection.MALFORMED_FIELD);
        assertThat(validator.validate(payload(Map.of(field, Void.class)))).as("absent").isInstanceOf(InboundSmsValidator.Valid.class);
        assertThat(validator.validate(payload(new HashMap<>(java.util.Collections.singletonMap(field, null)))))
                .as("null").isInstanceOf(InboundSmsValidator.Valid.class);
    }

    @Test
    void lengthIsCountedInCodePoints() {
        assertThat(validator.validate(payload(Map.of("messageBody", "🙂".repeat(20))))).isInstanceOf(InboundSmsValidator.Valid.class);
        assertThat(reason(payload(Map.of("messageBody", "🙂".repeat(21))))).isEqualTo(Rejection.BODY_TOO_LONG);
    }

    @Test
    void fictionalNumbersAreRefusedUnlessTheDeploymentAllowsThem() {
        var strict = new InboundSmsValidator(Set.of("+12065550100"), 20, false);
        assertThat(strict.validate(payload(Map.of()))).isInstanceOf(InboundSmsValidator.Invalid.class);
        assertThat(strict.validate(payload(Map.of("originationNumber", "+447400123456")))).isInstanceOf(InboundSmsValidator.Valid.class);
    }

    @Test
    void rejectionDetailsNeverQuoteTheNumber() {
        var invalid = (InboundSmsValidator.Invalid) validator.validate(payload(Map.of("originationNumber", "+4412345")));
        assertThat(invalid.detail()).doesNotContain("12345");
    }

    @Property(tries = 2000)
    void neverThrowsOnAnyMessage(@ForAll @StringLength(max = 300) String message) {
        assertThat(validator.validate(message)).isNotNull();
    }

    @Property(tries = 1000)
    void neverThrowsOnAnyFieldValues(@ForAll @StringLength(max = 40) String origination, @ForAll @StringLength(max = 40) String body,
                                     @ForAll @StringLength(max = 40) String id) {
        assertThat(validator.validate(payload(Map.of("originationNumber", origination, "messageBody", body, "inboundMessageId", id))))
                .isNotNull();
    }

    private Rejection reason(String message) {
        var result = validator.validate(message);
        assertThat(result).isInstanceOf(InboundSmsValidator.Invalid.class);
        return ((InboundSmsValidator.Invalid) result).reason();
    }
}
