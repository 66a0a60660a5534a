package io.smsgate.shared.domain;

/**
 * The adaptive SMS-pumping guard's settings for one country (part of its {@link CountryPolicy}).
 * Conversion is codes approved ÷ codes sent over the last hour, per number prefix (the country calling
 * code and the next {@code prefixDigits} digits) and per country. Once at least {@code minCodesPerPrefix}
 * (or {@code minCodesPerCountry}) codes were sent and conversion is below {@code conversionFloorPercent},
 * that prefix (or the whole country) gets no codes for {@code throttleMinutes}. A minimum of 0 switches
 * that level of the guard off.
 */
public record PumpingGuardPolicy(int prefixDigits, int minCodesPerPrefix, int minCodesPerCountry, int conversionFloorPercent,
                                 int throttleMinutes) {
    /** The defaults (docs/verification-rules.md#pumping-guard): 4 digits, 20 and 200 codes, 20 %, 12 hours. */
    public static final PumpingGuardPolicy DEFAULTS = new PumpingGuardPolicy(4, 20, 200, 20, 720);
    public static final int MAX_PREFIX_DIGITS = 8;
    public static final int MAX_THROTTLE_MINUTES = 7 * 24 * 60;

    public PumpingGuardPolicy {
        if (prefixDigits < 1 || prefixDigits > MAX_PREFIX_DIGITS) {
            throw new IllegalArgumentException("pumpingPrefixDigits must be 1-" + MAX_PREFIX_DIGITS);
        }
        if (minCodesPerPrefix < 0 || minCodesPerCountry < 0) {
            throw new IllegalArgumentException("pumpingMinCodesPerPrefix and pumpingMinCodesPerCountry cannot be negative");
        }
        if (conversionFloorPercent < 0 || conversionFloorPercent > 100) {
            throw new IllegalArgumentException("pumpingConversionFloorPercent must be 0-100");
        }
        if (throttleMinutes < 1 || throttleMinutes > MAX_THROTTLE_MINUTES) {
            throw new IllegalArgumentException("pumpingThrottleMinutes must be 1-" + MAX_THROTTLE_MINUTES);
        }
    }

    /** Whether {@code approved} of {@code sent} codes is too few, once {@code sent} reached {@code minimum} (0: never). */
    public boolean tooLow(long sent, long approved, int minimum) {
        return minimum > 0 && sent >= minimum && approved * 100 < (long) conversionFloorPercent * sent;
    }
}
