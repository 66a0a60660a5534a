package io.smsgate.shared.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SealedNumber;
import org.junit.jupiter.api.Test;

class KeyRingTest {
    private static final String SECRET = "a-test-secret-that-is-long-enough-0123456789";
    private final KeyRing keys = KeyRing.fromSecret(SECRET);
    private final PhoneNumber number = PhoneNumbers.parse("+447700900123", true).orElseThrow();

    @Test
    void theSameNumberAlwaysHasTheSameKeyWhateverItsSpelling() {
        PhoneNumber spaced = PhoneNumbers.parse("+44 7700 900 123", true).orElseThrow();
        assertThat(keys.phoneKey(number)).isEqualTo(keys.phoneKey(spaced))
                .isEqualTo(KeyRing.fromSecret(SECRET).phoneKey(number))
                .doesNotContain("7700900123");
    }

    @Test
    void anotherSecretGivesAnotherKey() {
        assertThat(KeyRing.fromSecret(SECRET + "x").phoneKey(number)).isNotEqualTo(keys.phoneKey(number));
    }

    @Test
    void aSealedNumberOpensToTheNumberAndHidesIt() {
        SealedNumber sealed = keys.seal(number);
        assertThat(sealed.sealed()).doesNotContain("7700900123");
        assertThat(sealed.key()).isEqualTo(keys.phoneKey(number));
        assertThat(keys.open(sealed)).isEqualTo(number);
        assertThat(keys.seal(number).sealed()).as("fresh nonce each time").isNotEqualTo(sealed.sealed());
    }

    @Test
    void refusesASealedNumberFromAnotherDeploymentOrAltered() {
        SealedNumber sealed = keys.seal(number);
        assertThatThrownBy(() -> KeyRing.fromSecret(SECRET + "x").open(sealed)).isInstanceOf(KeyRing.TamperedException.class);
        String altered = sealed.sealed().substring(0, sealed.sealed().length() - 2) + "AA";
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), altered))).isInstanceOf(KeyRing.TamperedException.class);
        SealedNumber other = keys.seal(PhoneNumbers.parse("+12025550123").orElseThrow());
        assertThatThrownBy(() -> keys.open(new SealedNumber(sealed.key(), other.sealed())))
                .isInstanceOf(KeyRing.TamperedException.class);
    }

    @Test
    void digestsAreBoundToPurposeAndContextAndCompareInConstantTime() {
        String stored = keys.digest("code", "verification-1", "123456");
        assertThat(stored).doesNotContain("123456");
        assertThat(keys.matches("code", "verification-1", "123456", stored)).isTrue();
        assertThat(keys.matches("code", "verification-1", "123457", stored)).isFalse();
        assertThat(keys.matches("code", "verification-2", "123456", stored)).isFalse();
        assertThat(keys.matches("pin", "verification-1", "123456", stored)).isFalse();
    }

    @Test
    void refusesAShortSecret() {
        assertThatThrownBy(() -> KeyRing.fromSecret("short")).isInstanceOf(IllegalArgumentException.class);
    }
}
