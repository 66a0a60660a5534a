package io.smsgate.shared.port;

import java.time.Instant;

/**
 * Budgets and rate limits: named counters that only go up, each expiring after its window. Counting
 * is one conditional write, so concurrent functions never count past a limit.
 */
public interface Counters {
    /**
     * Adds one unless the counter has already reached {@code limit}. True when this call was counted
     * (under the limit), false when the limit was reached. The counter is deleted some time after
     * {@code expiresAt}.
     */
    boolean incrementIfBelow(String key, long limit, Instant expiresAt);

    /**
     * Adds one for {@code member} (a message id) unless the counter has reached {@code limit}; a member
     * already counted is not counted again and answers true. So a retried or redelivered message, or an
     * SDK retry of a write whose answer was lost, counts once.
     */
    boolean incrementOnceIfBelow(String key, String member, long limit, Instant expiresAt);

    /**
     * True at most once per {@code period} for a key (a rolling period from the call that returned
     * true): "one denial reply per number per 24 hours".
     */
    boolean oncePer(String key, java.time.Duration period, Instant now);

    /**
     * Takes back one count of {@link #incrementIfBelow} (never below zero): for a send that was counted
     * and then not made (End User Messaging throttled it, and it is tried again later).
     */
    void decrement(String key);

    /** The current count (0 when absent). */
    long current(String key);

    /** One counter of {@link #incrementEachIfBelow}: its key, its limit, and when it may be deleted. */
    record Limit(String key, long limit, Instant expiresAt) {
    }

    /**
     * Counts one against each limit in order, as {@link #incrementIfBelow} one after the other would:
     * the index of the first limit already reached, or -1 when every one was counted; the limits before
     * that one are counted, the ones from it on are not. Here one call after the other; an adapter may
     * do it in a single request, with the same result.
     */
    default int incrementEachIfBelow(java.util.List<Limit> limits) {
        for (int i = 0; i < limits.size(); i++) {
            Limit limit = limits.get(i);
            if (!incrementIfBelow(limit.key(), limit.limit(), limit.expiresAt())) {
                return i;
            }
        }
        return -1;
    }
}
