package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PinHasherTest {
    private final KeyRing keys = KeyRing.fromSecret("a-test-secret-that-is-long-enough-0123456789");
    private final PinHasher hasher = new PinHasher(keys, 1_000);

    @Test
    void aPinMatchesItsHashAndNothingElse() {
        String stored = hasher.hash("4821");
        assertThat(stored).startsWith("pbkdf2-sha256$p1$1000$").doesNotContain("4821");
        assertThat(hasher.matches("4821", stored)).isTrue();
        assertThat(hasher.matches("4822", stored)).isFalse();
        assertThat(hasher.matches("48210", stored)).isFalse();
        assertThat(hasher.matches("", stored)).isFalse();
        assertThat(hasher.matches(null, stored)).isFalse();
        assertThat(hasher.matches("4821", null)).isFalse();
        assertThat(hasher.matches("4821", "garbage")).isFalse();
    }

    @Test
    void theSamePinHashesDifferentlyEachTime() {
        assertThat(hasher.hash("4821")).isNotEqualTo(hasher.hash("4821"));
    }

    @Test
    void theHashNeedsTheDeploymentsSecret() {
        String stored = hasher.hash("4821");
        PinHasher elsewhere = new PinHasher(KeyRing.fromSecret("another-secret-that-is-long-enough-012345"), 1_000);
        assertThat(elsewhere.matches("4821", stored)).isFalse();
    }

    @Test
    void aPinIsFourToEightDigits() {
        assertThat(PinHasher.isValidPin("1234")).isTrue();
        assertThat(PinHasher.isValidPin("12345678")).isTrue();
        assertThat(PinHasher.isValidPin("123")).isFalse();
        assertThat(PinHasher.isValidPin("123456789")).isFalse();
        assertThat(PinHasher.isValidPin("12a4")).isFalse();
        assertThat(PinHasher.isValidPin("١٢٣٤")).as("ASCII digits only").isFalse();
        assertThatThrownBy(() -> hasher.hash("12")).isInstanceOf(IllegalArgumentException.class);
    }
}
