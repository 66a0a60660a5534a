package io.smsgate.twofactor;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pumping guard's state in CountersTable: codes sent and approved per 10-minute bucket, per prefix
 * and per country, and the throttles ("trips") it set. Every write is one UpdateItem or PutItem; a
 * read of everything a start needs is one BatchGetItem.
 */
public interface ConversionCounters {
    /** Where the guard counts: a number prefix ({@code +447700}) or a country ({@code GB}). */
    record Scope(Level level, String value) {
        public enum Level { PREFIX, COUNTRY }

        @Override
        public String toString() {
            return level.name().toLowerCase(java.util.Locale.ROOT) + " " + value;
        }
    }

    /** Codes sent and approved in one bucket. */
    record Bucket(Instant start, long sent, long approved) {
    }

    /** A throttle: no codes to the scope before {@code until}; counting starts afresh after it. */
    record Trip(Scope scope, Instant trippedAt, Instant until, long sent, long approved) {
        public boolean active(Instant now) {
            return now.isBefore(until);
        }
    }

    /** What the guard knows of one scope: its buckets (oldest first) and its last trip, if any. */
    record Window(Scope scope, List<Bucket> buckets, Optional<Trip> trip) {
    }

    enum Outcome { SENT, APPROVED }

    /** Counts one code sent or approved in the bucket of {@code at}, for each scope. */
    void count(Outcome outcome, List<Scope> scopes, Instant at);

    /** The buckets of the window ending at {@code now} and the last trip, for each scope. */
    Map<Scope, Window> windows(List<Scope> scopes, Instant now);

    /** Sets a trip unless one is active: true when this call set it (so it is announced once). */
    boolean trip(Trip trip, Instant now);

    /** Ends the scope's trip now (an operator's release); false when none was active. */
    boolean release(Scope scope, Instant now);
}
