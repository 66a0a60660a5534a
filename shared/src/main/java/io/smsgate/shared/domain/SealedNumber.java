package io.smsgate.shared.domain;

/**
 * How a phone number travels between functions: {@code key} is the HMAC every table is keyed by, and
 * {@code sealed} is the number encrypted (AES-GCM) for the one function that must send to it. Neither
 * reveals the number to a reader of a topic or a table without the deployment's secret.
 */
public record SealedNumber(String key, String sealed) {
    public SealedNumber {
        if (key == null || key.isBlank() || sealed == null || sealed.isBlank()) {
            throw new IllegalArgumentException("a sealed number needs its key and its ciphertext");
        }
    }
}
