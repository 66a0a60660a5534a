package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The back-off arithmetic behind "throttling never dead-letters": the send queues move a message to
 * their dead-letter queue on its 100th receive, and no message lives longer than an hour (a code its
 * verification's life, at most CODE_TTL_SECONDS 3600; a courtesy reply STALE_REPLY_SECONDS, at most 3600).
 */
class SendSmsHandlerTest {
    private static final int MAX_RECEIVE_COUNT = 100;

    @Test
    void ninetyNineThrottledReceivesTakeFarLongerThanAnyMessageLives() {
        Duration total = Duration.ZERO;
        for (int receive = 1; receive < MAX_RECEIVE_COUNT; receive++) {
            total = total.plus(SendSmsHandler.backOff(Duration.ofMillis(1), receive).truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        }
        assertThat(total).isGreaterThan(Duration.ofHours(5)).isGreaterThan(Duration.ofSeconds(3600).multipliedBy(5));
    }

    @Test
    void theFirstBackOffsAreShortSoABurstDrainsAtTheRateAndTheLongestIsFiveMinutes() {
        assertThat(SendSmsHandler.backOff(Duration.ofMillis(200), 1)).isLessThan(Duration.ofMillis(1200));
        assertThat(SendSmsHandler.backOff(Duration.ofMillis(200), 3)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
        assertThat(SendSmsHandler.backOff(Duration.ofSeconds(40), 2)).as("the hint wins when longer")
                .isBetween(Duration.ofSeconds(40), Duration.ofSeconds(41));
        assertThat(SendSmsHandler.backOff(Duration.ofHours(2), 90)).isBetween(Duration.ofSeconds(300), Duration.ofSeconds(301));
    }

    @Test
    void aFaultThatPersistsIsDeadLetteredWithinAboutSeventeenMinutes() {
        assertThat(SendSmsHandler.FAULT_BACKOFF.multipliedBy(MAX_RECEIVE_COUNT)).isLessThanOrEqualTo(Duration.ofMinutes(17));
    }
}
