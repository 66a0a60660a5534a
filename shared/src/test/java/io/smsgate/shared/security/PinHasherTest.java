package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    @Test
    void aHashItMadeIsWellFormedOldAndNew() {
        assertThat(PinHasher.isWellFormed(hasher.hash("4821"))).isTrue();
        String legacy = hasher.hash("4821").replace("$p1$", "$");
        assertThat(PinHasher.isLegacy(legacy)).isTrue();
        assertThat(PinHasher.isWellFormed(legacy)).isTrue();
    }

    /** A damaged stored hash can never match: no exception, no derivation at a damaged iteration count. */
    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "pbkdf2-sha256", "pbkdf2-sha256$p2$1000$SALT$HASH", "pbkdf2-sha256$p1$1000$SALT",
            "pbkdf2-sha256$p1$abc$SALT$HASH", "pbkdf2-sha256$p1$0$SALT$HASH", "pbkdf2-sha256$p1$-5$SALT$HASH",
            "pbkdf2-sha256$p1$+1000$SALT$HASH", "pbkdf2-sha256$p1$99999999999$SALT$HASH", "pbkdf2-sha256$p1$1000001$SALT$HASH",
            "pbkdf2-sha256$p1$1000$$HASH", "pbkdf2-sha256$p1$1000$!!!$HASH", "pbkdf2-sha256$p1$1000$SALT$", "pbkdf2-sha256$p1$1000$SALT$AAAA",
            "pbkdf2-sha256$p1$1000$SALT$HASH$", "md5$p1$1000$SALT$HASH"})
    void aDamagedHashMatchesNothingAndThrowsNothing(String shape) {
        String good = hasher.hash("4821");
        String[] parts = good.split("\\$");
        String stored = shape.replace("SALT", parts[3]).replace("HASH", parts[4]);
        assertThat(PinHasher.isWellFormed(stored)).isFalse();
        assertThat(hasher.matches("4821", stored)).isFalse();
    }

    @Test
    void iterationsAreBounded() {
        assertThatThrownBy(() -> new PinHasher(keys, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PinHasher(keys, PinHasher.MAX_ITERATIONS + 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
