package io.smsgate.twofactor;

import java.security.SecureRandom;

/** Six-digit codes, uniform over 000000–999999, from {@link SecureRandom}. */
final class OneTimeCodes {
    static final int DIGITS = 6;
    private static final int RANGE = 1_000_000;

    private final SecureRandom random;

    OneTimeCodes(SecureRandom random) {
        this.random = random;
    }

    String next() {
        return String.format(java.util.Locale.ROOT, "%06d", random.nextInt(RANGE));
    }

    static boolean wellFormed(String code) {
        if (code == null || code.length() != DIGITS) {
            return false;
        }
        for (int i = 0; i < DIGITS; i++) {
            char c = code.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
