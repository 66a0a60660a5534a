package io.smsgate.twofactor;

import io.smsgate.shared.port.Counters;
import java.time.Instant;

/**
 * Stops a conversation that has turned into a loop (two automatic responders answering each other):
 * more than {@link #LIMIT} texts to one number within {@link #PERIOD_SECONDS} seconds are not sent.
 * Every reply answers something the number sent, and a person types and sends a short text in 5
 * seconds at the very fastest: 6 in 30 seconds is what a person can ask for. The limit is 10, so the
 * window's approximation never stops a person at that pace, and a responder answering at machine
 * speed passes it within seconds (Twilio's loop guard allows 30).
 * A sliding window approximated from two fixed windows: the previous window's count, weighted by how
 * much of it still lies inside the last 30 seconds, plus the current window's conditional counter.
 */
final class LoopGuard {
    static final int LIMIT = 10;
    static final int PERIOD_SECONDS = 30;

    private final Counters counters;

    LoopGuard(Counters counters) {
        this.counters = counters;
    }

    boolean allow(String phoneKey, Instant now) {
        Counters.Limit limit = limit(phoneKey, now, counters.current(previousWindow(phoneKey, now)));
        return counters.incrementIfBelow(limit.key(), limit.limit(), limit.expiresAt());
    }

    /** The previous window's counter: what {@link #limit} needs read first (the send path reads it with its other reads). */
    static String previousWindow(String phoneKey, Instant now) {
        return key(phoneKey, now.getEpochSecond() / PERIOD_SECONDS - 1);
    }

    /**
     * The current window's counter and what one more text must stay under, given the previous window's
     * count ({@code previous}, read from {@link #previousWindow}): counting it under that limit is
     * {@link #allow}, and the send path counts it in the same request as the reply budgets.
     */
    static Counters.Limit limit(String phoneKey, Instant now, long previous) {
        long slot = now.getEpochSecond() / PERIOD_SECONDS;
        double elapsed = (now.getEpochSecond() % PERIOD_SECONDS + now.getNano() / 1e9) / PERIOD_SECONDS;
        long stillInside = (long) Math.ceil(previous * (1.0 - elapsed));
        return new Counters.Limit(key(phoneKey, slot), LIMIT - stillInside, Instant.ofEpochSecond((slot + 2) * PERIOD_SECONDS + 60));
    }

    private static String key(String phoneKey, long slot) {
        return "loop#" + phoneKey + "#" + slot;
    }
}
