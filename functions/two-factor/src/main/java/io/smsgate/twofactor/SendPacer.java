package io.smsgate.twofactor;

import io.smsgate.shared.domain.OutboundSms;
import java.time.Duration;
import java.time.Instant;

/**
 * The origination identity's send rate, shared by every concurrent SendSmsFunction execution: a slot
 * in time for each message part, at most {@code SEND_RATE_PER_SECOND} a second. A code may reserve a
 * slot as far ahead as its execution can wait; a reply only a short way ahead, and not while codes are
 * being sent (codes first).
 */
interface SendPacer {
    /** How far ahead a reply may reserve: a code that arrives later waits at most this long behind replies. */
    Duration REPLY_HORIZON = Duration.ofSeconds(2);
    /**
     * A reply waits until no code has had a slot for this long. It covers a code already received but not yet
     * given its slot: a batch's later records reserve only as earlier ones finish, so while codes are in flight
     * one reserves at least every send's length (its bookkeeping and the next record's claim and reads, a few
     * DynamoDB calls). The burst bench prints the longest such gap (docs/sending.md); every second of grace is
     * a second of the rate unspent at each switch from codes to replies.
     */
    Duration CODES_FIRST_GRACE = Duration.ofSeconds(1);

    /** What a reservation gave: a slot, or how long to wait before asking again and why. */
    sealed interface Reservation {
        record Granted(Instant at, long intervalMillis) implements Reservation {
        }

        record Wait(Duration retryAfter, SendOutcome.DeferReason reason) implements Reservation {
        }
    }

    /** A slot for {@code parts} message parts, no later than {@code now + horizon}. */
    Reservation reserve(OutboundSms.Kind kind, int parts, Instant now, Duration horizon);

    /** The least time {@code messages} single-part messages take at the rate (what queued codes hold replies up for). */
    Duration timeFor(long messages);

    /** Gives a granted slot back if nothing was reserved after it (the message was not sent after all). */
    void giveBack(Reservation.Granted slot);
}
