package io.smsgate.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {
    @Test
    void parsesAnInternationalNumberWithItsCountry() {
        PhoneNumber number = PhoneNumbers.parse(" +44 7400 123456 ").orElseThrow();
        assertThat(number.e164()).isEqualTo("+447400123456");
        assertThat(number.country()).isEqualTo(CountryCode.of("GB"));
    }

    @Test
    void acceptsTheFictionalRangeOnlyWhenAllowed() {
        assertThat(PhoneNumbers.parse("+447700900123")).isEmpty();
        PhoneNumber fictional = PhoneNumbers.parse("+44 7700 900123", true).orElseThrow();
        assertThat(fictional.e164()).isEqualTo("+447700900123");
        assertThat(fictional.country().value()).isEqualTo("GB");
        assertThat(PhoneNumbers.parse("+447700901123", true)).as("outside the reserved block").isEmpty();
    }

    @Test
    void knowsTheCountryBehindASharedCallingCode() {
        assertThat(PhoneNumbers.parse("+14165550123").orElseThrow().country().value()).isEqualTo("CA");
        assertThat(PhoneNumbers.parse("+12025550123").orElseThrow().country().value()).isEqualTo("US");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "+", "07700900123", "+44123", "+999123456789", "not a number", "+800 1234 5678",
            "+4477009001234567890123456789012345", "+44 7700 900123 ext 5"})
    void refusesWhatIsNotAValidInternationalNumber(String raw) {
        assertThat(PhoneNumbers.parse(raw)).isEmpty();
    }

    @Test
    void refusesNull() {
        assertThat(PhoneNumbers.parse(null)).isEmpty();
    }

    @Test
    void printsMasked() {
        PhoneNumber number = PhoneNumbers.parse("+447700900123", true).orElseThrow();
        assertThat(number.toString()).isEqualTo("+44******0123").doesNotContain("7700900");
    }
}
