package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void keepsPrefixAndLastFourDigits() {
        assertThat(Masking.phone("+447700900123")).isEqualTo("+44******0123");
        assertThat(Masking.phone("+12065550100")).isEqualTo("+12*****0100");
    }

    @Test
    void starsShortValuesCompletely() {
        assertThat(Masking.phone("+44123")).isEqualTo("******");
        assertThat(Masking.phone("")).isEqualTo("*");
        assertThat(Masking.phone(null)).isEqualTo("null");
    }
}
