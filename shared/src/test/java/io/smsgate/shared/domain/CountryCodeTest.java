package io.smsgate.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CountryCodeTest {
    @Test
    void acceptsIsoAlpha2InAnyCase() {
        assertThat(CountryCode.parse("gb")).contains(new CountryCode("GB"));
        assertThat(CountryCode.parse(" NG ")).contains(new CountryCode("NG"));
    }

    @Test
    void refusesWhatIsNotAnIsoCode() {
        assertThat(CountryCode.parse("UK")).isEmpty();
        assertThat(CountryCode.parse("GBR")).isEmpty();
        assertThat(CountryCode.parse("")).isEmpty();
        assertThatThrownBy(() -> CountryCode.of("UK")).hasMessageContaining("UK");
    }
}
