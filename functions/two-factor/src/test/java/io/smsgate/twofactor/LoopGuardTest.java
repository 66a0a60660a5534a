package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoopGuardTest {
    private static final Instant WINDOW = Instant.parse("2026-11-25T10:00:00Z");
    private final InMemoryCounters counters = new InMemoryCounters();
    private final LoopGuard guard = new LoopGuard(counters);

    @Test
    void thirtyTextsInThirtySecondsPassTheThirtyFirstDoesNot() {
        for (int i = 0; i < 30; i++) {
            assertThat(guard.allow("k", WINDOW.plusMillis(i * 900L))).isTrue();
        }
        assertThat(guard.allow("k", WINDOW.plusSeconds(28))).isFalse();
        assertThat(guard.allow("other", WINDOW.plusSeconds(28))).as("per number").isTrue();
    }

    @Test
    void aBurstAtTheEndOfAWindowStillCountsAtTheStartOfTheNext() {
        for (int i = 0; i < 30; i++) {
            assertThat(guard.allow("k", WINDOW.plusSeconds(29))).isTrue();
        }
        // 2 s into the next window, 28/30 of the previous one lies in the last 30 s: 28 of the burst count.
        assertThat(guard.allow("k", WINDOW.plusSeconds(32))).isTrue();
        assertThat(guard.allow("k", WINDOW.plusSeconds(32))).isTrue();
        assertThat(guard.allow("k", WINDOW.plusSeconds(32))).isFalse();
    }

    @Test
    void aSteadyLoopIsHeldToAboutThirtyPerThirtySeconds() {
        int sent = 0;
        // One text every 100 ms for five minutes: a runaway loop between two responders.
        for (int ms = 0; ms < 300_000; ms += 100) {
            if (guard.allow("k", WINDOW.plusMillis(ms))) {
                sent++;
            }
        }
        assertThat(sent).isBetween(280, 310);
    }
}
