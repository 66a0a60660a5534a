package io.smsgate.posting;

/**
 * The text to post, once the PIN is removed: trimmed, not empty, at most 280 code points (an emoji
 * outside the Basic Multilingual Plane is one, not two UTF-16 chars). Longer is refused, never cut.
 */
sealed interface PostText {
    record Valid(String text) implements PostText {
    }

    record Empty() implements PostText {
    }

    record TooLong(int codePoints) implements PostText {
    }

    static PostText of(String raw, int maxCodePoints) {
        String text = raw == null ? "" : raw.strip();
        if (text.isEmpty()) {
            return new Empty();
        }
        int length = text.codePointCount(0, text.length());
        return length > maxCodePoints ? new TooLong(length) : new Valid(text);
    }
}
