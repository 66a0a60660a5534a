package io.smsgate.shared.log;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
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

    @Test
    void masksAPinShapedFirstWordOnly() {
        assertThat(Masking.text("4821 hello")).isEqualTo("**** hello");
        assertThat(Masking.text("  73915284\u00a0my post")).isEqualTo("  ****\u00a0my post");
        assertThat(Masking.text("4821")).isEqualTo("****");
        assertThat(Masking.text("2026 was a good year")).as("shaped like a PIN: masked, as PostingFunction would judge it")
                .isEqualTo("**** was a good year");
        assertThat(Masking.text("123 hello")).isEqualTo("123 hello");
        assertThat(Masking.text("123456789 hello")).isEqualTo("123456789 hello");
        assertThat(Masking.text("hello 4821")).isEqualTo("hello 4821");
        assertThat(Masking.text("UNDO")).isEqualTo("UNDO");
        assertThat(Masking.text("")).isEqualTo("");
        assertThat(Masking.text(null)).isEqualTo("null");
    }

    @Property(tries = 500)
    void aPinNeverSurvivesWhateverFollowsIt(@ForAll @StringLength(min = 4, max = 8) @CharRange(from = '0', to = '9') String pin,
                                             @ForAll("separators") String separator, @ForAll @StringLength(max = 40) String rest) {
        String masked = Masking.text(pin + separator + rest);
        assertThat(masked).startsWith("****" + separator);
        assertThat(masked.substring(4 + separator.length())).isEqualTo(rest);
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> separators() {
        return net.jqwik.api.Arbitraries.of(" ", "\t", "\n", "\u00a0", "\u2003", "\u3000");
    }
}
