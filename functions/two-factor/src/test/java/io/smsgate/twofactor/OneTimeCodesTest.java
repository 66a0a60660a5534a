package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class OneTimeCodesTest {
    /** A SecureRandom that answers what the test says: the formatting is what is under test. */
    private static final class Fixed extends SecureRandom {
        private final int value;

        Fixed(int value) {
            this.value = value;
        }

        @Override
        public int nextInt(int bound) {
            assertThat(bound).isEqualTo(1_000_000);
            return value;
        }
    }

    @Test
    void codesAreSixDigitsWithTheirLeadingZeros() {
        assertThat(new OneTimeCodes(new Fixed(42)).next()).isEqualTo("000042");
        assertThat(new OneTimeCodes(new Fixed(0)).next()).isEqualTo("000000");
        assertThat(new OneTimeCodes(new Fixed(999_999)).next()).isEqualTo("999999");
    }

    @Test
    void onlySixAsciiDigitsAreAWellFormedCode() {
        assertThat(OneTimeCodes.wellFormed("012345")).isTrue();
        assertThat(OneTimeCodes.wellFormed("12345")).isFalse();
        assertThat(OneTimeCodes.wellFormed("1234567")).isFalse();
        assertThat(OneTimeCodes.wellFormed("12345a")).isFalse();
        assertThat(OneTimeCodes.wellFormed("١٢٣٤٥٦")).as("Arabic-Indic digits").isFalse();
        assertThat(OneTimeCodes.wellFormed(null)).isFalse();
    }
}
