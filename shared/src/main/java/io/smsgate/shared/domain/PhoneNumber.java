package io.smsgate.shared.domain;

import io.smsgate.shared.log.Masking;

/**
 * A phone number that libphonenumber accepted: E.164 form and the ISO 3166-1 region it belongs to.
 * Only {@link PhoneNumbers} makes one. {@link #toString()} is masked, so a number that slips into a
 * log line by accident still does not appear there.
 */
public record PhoneNumber(String e164, CountryCode country) {
    public PhoneNumber {
        if (e164 == null || !e164.matches("\\+[1-9]\\d{6,14}")) {
            throw new IllegalArgumentException("not an E.164 number: " + Masking.phone(e164));
        }
        if (country == null) {
            throw new IllegalArgumentException("a phone number needs its country");
        }
    }

    public String masked() {
        return Masking.phone(e164);
    }

    @Override
    public String toString() {
        return masked();
    }
}
