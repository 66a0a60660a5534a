package io.smsgate.shared.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** An ISO 3166-1 alpha-2 country code: {@code GB}, not {@code UK}. */
public record CountryCode(String value) {
    private static final Set<String> ISO = Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2);

    public CountryCode {
        if (value == null || !ISO.contains(value)) {
            throw new IllegalArgumentException("not an ISO 3166-1 alpha-2 country code: " + value);
        }
    }

    /** Accepts any case; empty when the text is not a code ({@code UK}, {@code GBR}, blank). */
    public static Optional<CountryCode> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String upper = text.strip().toUpperCase(Locale.ROOT);
        return ISO.contains(upper) ? Optional.of(new CountryCode(upper)) : Optional.empty();
    }

    public static CountryCode of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "not an ISO 3166-1 alpha-2 country code: " + text));
    }

    @Override
    public String toString() {
        return value;
    }
}
