package io.smsgate.shared.domain;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Parses numbers with libphonenumber. Only full international numbers ({@code +} and country code) are
 * accepted: End User Messaging delivers E.164, so anything else is bad input, not a local format to
 * guess at. Numbers libphonenumber does not consider valid, and non-geographic numbers (no country to
 * apply a policy to), are refused.
 *
 * <p>Ranges reserved for fiction (Ofcom's drama numbers, +44 7700 900000–900999) are never given to a
 * subscriber, so libphonenumber calls them invalid; a deployment may accept them for tests and demos
 * ({@code ALLOW_FICTIONAL_NUMBERS}), and they are then treated as numbers of their country.
 */
public final class PhoneNumbers {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final int MAX_INPUT = 32;
    private static final Pattern UK_DRAMA_MOBILE = Pattern.compile("\\+447700900\\d{3}");

    private PhoneNumbers() {
    }

    /** Real numbers only. */
    public static Optional<PhoneNumber> parse(String raw) {
        return parse(raw, false);
    }

    public static Optional<PhoneNumber> parse(String raw, boolean allowFictional) {
        if (raw == null) {
            return Optional.empty();
        }
        String text = raw.strip();
        if (text.isEmpty() || text.length() > MAX_INPUT || text.charAt(0) != '+') {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber parsed = UTIL.parse(text, null);
            if (parsed.hasExtension()) {
                return Optional.empty();
            }
            String e164 = UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
            if (allowFictional && UK_DRAMA_MOBILE.matcher(e164).matches()) {
                return Optional.of(new PhoneNumber(e164, CountryCode.of("GB")));
            }
            if (!UTIL.isValidNumber(parsed)) {
                return Optional.empty();
            }
            return CountryCode.parse(UTIL.getRegionCodeForNumber(parsed)).map(country -> new PhoneNumber(e164, country));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    /**
     * For numbers this system accepted before (decrypted from a sealed number, read from a link):
     * fictional ranges included, since the deployment that sealed them allowed them.
     */
    public static PhoneNumber trusted(String e164) {
        return parse(e164, true).orElseThrow(() -> new IllegalStateException("stored phone number no longer parses"));
    }
}
