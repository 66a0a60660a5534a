package io.smsgate.shared.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowTest {
    @Test
    void namesAndBoundsFixedUtcWindows() {
        Instant at = Instant.parse("2026-11-25T10:42:17Z");
        assertThat(Window.HOUR.id(at)).isEqualTo("2026112510");
        assertThat(Window.HOUR.end(at)).isEqualTo(Instant.parse("2026-11-25T11:00:00Z"));
        assertThat(Window.DAY.id(at)).isEqualTo("20261125");
        assertThat(Window.DAY.end(at)).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(Window.MINUTE.start(at)).isEqualTo(Instant.parse("2026-11-25T10:42:00Z"));
    }
}
