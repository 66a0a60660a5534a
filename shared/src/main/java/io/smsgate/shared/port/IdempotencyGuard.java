package io.smsgate.shared.port;

import java.time.Instant;

/**
 * Makes at-least-once delivery act once: a message is claimed before its side effects and completed
 * after them. A claim is a lease: if the function dies before completing, the claim lapses and the
 * platform's retry does the work; a completed key stays done until it expires.
 */
public interface IdempotencyGuard {
    enum Claim {
        /** First time (or a lapsed attempt): do the work, then {@link #complete}. */
        ACQUIRED,
        /** Done before: do nothing. */
        ALREADY_DONE,
        /** Another attempt holds a live lease: retry later. */
        IN_PROGRESS
    }

    Claim claim(String key, Instant now);

    void complete(String key, Instant now);

    /** Gives up a claim after a fault so the retry does not wait for the lease to lapse. */
    void release(String key);
}
