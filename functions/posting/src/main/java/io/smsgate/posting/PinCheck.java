package io.smsgate.posting;

import io.smsgate.shared.security.PinHasher;

/**
 * The PIN at the start of a text. A text that must carry a PIN is {@code <PIN><space><text to post>};
 * the first word is compared with the account's PIN hash ({@link PinHasher#matches}: PBKDF2 every
 * time, then a constant-time comparison, whatever the word is) and only the rest is posted.
 *
 * <p>Never throws on any body; a body whose first word is not the PIN is never {@link Passed}.
 */
final class PinCheck {
    private final PinHasher hasher;

    PinCheck(PinHasher hasher) {
        this.hasher = hasher;
    }

    sealed interface Result {
    }

    /** The first word is the PIN; {@code text} is what follows it (not yet trimmed or checked). */
    record Passed(String text) implements Result {
    }

    /** The first word is 4 to 8 digits but not the PIN: a guess, counted towards the lock. */
    record Wrong() implements Result {
    }

    /** The first word is not shaped like a PIN at all: the sender forgot it; not a guess. */
    record Missing() implements Result {
    }

    /** The first word (up to the first whitespace) and everything after that whitespace. */
    record Split(String candidate, String rest) {
        @Override
        public String toString() {
            return "Split[redacted]";
        }
    }

    Result check(String body, String pinHash) {
        Split split = split(body);
        boolean right = hasher.matches(split.candidate(), pinHash);
        if (right) {
            return new Passed(split.rest());
        }
        return PinHasher.isValidPin(split.candidate()) ? new Wrong() : new Missing();
    }

    /**
     * For a body whose PIN just passed against {@code pinHash}: the PIN hashed afresh when that hash is
     * from before the key split ({@link PinHasher#isLegacy}), so the post's write can replace it; null
     * when the hash is current. One more PBKDF2, once per account.
     */
    String upgradedHash(String body, String pinHash) {
        return PinHasher.isLegacy(pinHash) ? hasher.hash(split(body).candidate()) : null;
    }

    static Split split(String body) {
        String text = body == null ? "" : body.strip();
        int i = 0;
        while (i < text.length()) {
            int codePoint = text.codePointAt(i);
            int width = Character.charCount(codePoint);
            if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
                return new Split(text.substring(0, i), text.substring(i + width));
            }
            i += width;
        }
        return new Split(text, "");
    }
}
