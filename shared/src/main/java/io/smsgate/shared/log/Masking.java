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
