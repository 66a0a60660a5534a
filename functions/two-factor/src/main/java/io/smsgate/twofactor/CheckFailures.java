package io.smsgate.twofactor;

import java.time.Instant;
import java.util.Optional;

/**
 * The failed checks in a row of each number, over all its verifications and purposes (NIST SP 800-63B-4:
 * at most 100; a new code never resets the count, only a successful check or the backend's unlock does).
 *
 * <p>Every code comparison first {@link #reserve reserves} an attempt with one conditional write that
 * fails at the limit, so concurrent checks cannot compare more than the limit allows: an attempt counts
 * as failed until a success clears the run. {@code run} names the current run of failures (a new one
 * after each reset), so the lock it ends in has a stable event id.
 */
interface CheckFailures {
    /** A number's failed checks in a row: {@code count} attempts since the last success or unlock. */
    record Run(int count, String run, boolean announced) {
        static final Run NONE = new Run(0, null, false);

        boolean atLeast(int limit) {
            return count >= limit;
        }
    }

    /** The number's current run (consistent read); {@link Run#NONE} when it has none. */
    Run current(String phoneKey);

    /** One more attempt, if fewer than {@code limit} are counted: the run after it; empty at the limit. */
    Optional<Run> reserve(String phoneKey, int limit, Instant now);

    /** A successful check or the backend's unlock: the run ends (the count is 0 again). */
    void reset(String phoneKey, Instant now);

    /** Marks the lock of {@code run} as announced: true for the first caller only. */
    boolean announce(String phoneKey, String run);
}
