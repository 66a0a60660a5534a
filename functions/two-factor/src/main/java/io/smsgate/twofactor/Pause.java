package io.smsgate.twofactor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Waiting for a pacing slot. Production sleeps; tests with a clock they move move it instead. */
@FunctionalInterface
interface Pause {
    void until(Instant at);

    static Pause sleeping(Clock clock) {
        return at -> {
            long millis = Duration.between(clock.instant(), at).toMillis();
            if (millis > 0) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new io.smsgate.shared.port.TransientFaultException("interrupted while waiting for a send slot");
                }
            }
        };
    }
}
