package io.smsgate.twofactor;

import java.time.Duration;
import java.time.Instant;

/** What a start answered. */
sealed interface StartOutcome {
    /** A code was asked for (for a new verification, or again for the pending one). */
    record Started(String verificationId, Instant expiresAt) implements StartOutcome {
    }

    /** Refused: {@code retryAfter} when waiting helps (429s), else null. */
    record Refused(ApiRejection reason, Duration retryAfter) implements StartOutcome {
    }
}
