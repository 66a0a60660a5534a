package io.smsgate.shared.log;

/**
 * The one way a phone number appears in a log line: country prefix and last four digits, the rest
 * starred ({@code +447700900123} becomes {@code +44******0123}). Anything too short to mask safely is
 * starred completely.
 */
public final class Masking {
    private static final int KEEP_START = 3;
    private static final int KEEP_END = 4;

    private Masking() {
    }

    /**
     * A text as a person may see it in a trace: its first word (up to the first whitespace, after leading
     * whitespace, as PostingFunction splits a PIN off) becomes {@code ****} when it is 4 to 8 digits,
     * whatever its length; the rest is left as it is.
     */
    public static String text(String body) {
        if (body == null) {
            return "null";
        }
        int start = 0;
        while (start < body.length() && blank(body.codePointAt(start))) {
            start += Character.charCount(body.codePointAt(start));
        }
        int end = start;
        while (end < body.length() && !blank(body.codePointAt(end))) {
            end += Character.charCount(body.codePointAt(end));
        }
        String word = body.substring(start, end);
        boolean pinShaped = word.length() >= 4 && word.length() <= 8 && word.chars().allMatch(c -> c >= '0' && c <= '9');
        return pinShaped ? body.substring(0, start) + "****" + body.substring(end) : body;
    }

    private static boolean blank(int codePoint) {
        return Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint);
    }

    public static String phone(String raw) {
        if (raw == null) {
            return "null";
        }
        String value = raw.strip();
        if (value.length() < KEEP_START + KEEP_END + 4) {
            return "*".repeat(Math.max(value.length(), 1));
        }
        return value.substring(0, KEEP_START)
                + "*".repeat(value.length() - KEEP_START - KEEP_END)
                + value.substring(value.length() - KEEP_END);
    }
}
