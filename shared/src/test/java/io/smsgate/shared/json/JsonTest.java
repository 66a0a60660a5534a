package io.smsgate.shared.json;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void malformedInputIsReportedWithoutQuotingIt() {
        assertThatThrownBy(() -> Json.tree("{\"originationNumber\":\"+447700900123\" oops"))
                .isInstanceOf(MalformedJsonException.class)
                .hasMessageContaining("line 1")
                .hasNoCause()
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(e.getMessage()).doesNotContain("7700900123"));
    }
}
