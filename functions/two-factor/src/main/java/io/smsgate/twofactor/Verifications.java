package io.smsgate.twofactor;

import java.time.Instant;
import java.util.Optional;

/**
 * VerificationsTable: each verification, and for each number + purpose + account the one a repeated
 * start reuses. Every change is one conditional write on the state it was decided from, so concurrent
 * starts, sends and checks cannot overtake each other: a write that lost a race returns false and the
 * caller reads again.
 */
interface Verifications {
    Optional<Verification> find(String id);

    /** The id of the latest verification started for {@code startKey} (it may have expired or finished). */
    Optional<String> latest(String startKey);

    /** Stores a new verification and makes it the latest for its start key, if that is still {@code previousId} (null: none). */
    boolean create(Verification verification, String previousId);

    /** Registers send request {@code requested + 1} if still pending, under {@code maxSends}, and past the cooldown. */
    boolean requestSend(Verification verification, Instant now, Instant cooldownEdge, int maxSends);

    /** Marks the unfinished latest request as asked for again (for the cooldown); false if it was finished meanwhile. */
    boolean requestAgain(Verification verification, Instant now, Instant cooldownEdge);

    /** SendSmsFunction finished request {@code number} without sending: why, in {@code outcome}. False if a later one was handled. */
    boolean recordNotSent(String id, int number, String outcome);

    /**
     * Stores the digest of the code about to be sent for request {@code number}: one more send, a new
     * cooldown. Refused unless still pending, under {@code maxSends}, past the cooldown and not handled yet.
     */
    boolean storeCode(Verification before, int number, String codeDigest, Instant now, Instant cooldownEdge, int maxSends);

    /** The code of request {@code number} was handed to End User Messaging. */
    void recordSent(String id, int number, String messageId);

    /** What became of a delivery receipt. */
    enum Delivery {
        /** The verification's latest code is that message: its delivery state is now the receipt's. */
        RECORDED,
        /** That message, but a receipt reported later (or a final one) is already recorded. */
        OUT_OF_ORDER,
        /** Not the verification's latest code (a newer one was sent), or the verification is gone. */
        NOT_CURRENT
    }

    /**
     * A delivery receipt for message {@code messageId} of verification {@code id}: recorded only if that
     * message is the verification's latest code, and never a receipt over a later or final one.
     */
    Delivery recordReceipt(String id, String messageId, String receipt, boolean isFinal, Instant reportedAt);

    /** The code of request {@code number} may or may not have been handed over (no answer): recorded as UNKNOWN, the code kept. */
    void recordUnknown(String id, int number);

    /** End User Messaging refused request {@code number} for good: recorded, and its code removed. */
    void recordRejected(String id, int number, String reason);

    /** A send that failed on a transient fault: back to the state before {@link #storeCode}, so the retry starts over. */
    void restore(Verification before, int number, String codeDigest);

    /** Counts a wrong code; with {@code lock}, the verification is LOCKED (and its code and number removed). */
    boolean countWrongCheck(Verification verification, boolean lock, Instant now);

    /**
     * The right code: APPROVED (single use; its digest is kept for the repeat window, the number removed).
     * With {@code linkPending} the number is kept until the link exists. In the same write the number's
     * run of failed checks ends ({@link CheckFailures#reset}) and the conversion is counted for
     * {@code converted} ({@link ConversionCounters#count}), unless the answer says otherwise.
     */
    Approval approve(Verification verification, Instant now, boolean linkPending, java.util.List<ConversionCounters.Scope> converted);

    /** What {@link #approve} did. */
    enum Approval {
        /** Not approved: the verification changed since it was read (decide again). */
        REFUSED,
        /** Approved, the number's run ended and the conversion counted, in one write. */
        APPROVED,
        /** Only the verification was approved (the one write was refused for another cause): the caller ends the run and counts. */
        APPROVED_ALONE
    }

    /** The phone link of an approved LINK_PHONE verification exists: the number is removed. */
    void finishLink(String id);

    /** A pending verification for which no code may be sent any more ({@code state}: why); code and number removed. */
    boolean suppress(Verification verification, Verification.State state);
}
