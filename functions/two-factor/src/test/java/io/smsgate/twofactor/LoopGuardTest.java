package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoopGuardTest {
    private static final Instant WINDOW = Instant.parse("2026-11-25T10:00:00Z");
    private final InMemoryCounters counters = new InMemoryCounters();
    private final LoopGuard guard = new LoopGuard(counters);

    @Test
    void tenTextsInThirtySecondsPassTheEleventhDoesNot() {
        for (int i = 0; i < 10; i++) {
            assertThat(guard.allow("k", WINDOW.plusSeconds(i * 2L))).isTrue();
        }
        assertThat(guard.allow("k", WINDOW.plusSeconds(28))).isFalse();
        assertThat(guard.allow("other", WINDOW.plusSeconds(28))).as("per number").isTrue();
    }

    @Test
    void aBurstAtTheEndOfAWindowStillCountsAtTheStartOfTheNext() {
        for (int i = 0; i < 10; i++) {
            assertThat(guard.allow("k", WINDOW.plusSeconds(29))).isTrue();
        }
        // 10 s into the next window, 20/30 of the previous one lies in the last 30 s: 7 of the burst count.
        for (int i = 0; i < 3; i++) {
            assertThat(guard.allow("k", WINDOW.plusSeconds(40))).isTrue();
        }
        assertThat(guard.allow("k", WINDOW.plusSeconds(40))).isFalse();
    }

    @Test
    void aSteadyLoopIsHeldToAboutTenPerThirtySeconds() {
        int sent = 0;
        // One text every 100 ms for five minutes: a runaway loop between two responders.
        for (int ms = 0; ms < 300_000; ms += 100) {
            if (guard.allow("k", WINDOW.plusMillis(ms))) {
                sent++;
            }
        }
        assertThat(sent).isBetween(90, 110);
    }

    @Test
    void aPersonAnsweringAsFastAsTheyCanTypeIsNeverStopped() {
        // A reply to each text of a person who sends one every 5 seconds for ten minutes.
        for (int s = 0; s < 600; s += 5) {
            assertThat(guard.allow("k", WINDOW.plusSeconds(s))).as("at %d s", s).isTrue();
        }
    }
}
