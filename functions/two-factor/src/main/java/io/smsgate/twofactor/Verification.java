package io.smsgate.twofactor;

import io.smsgate.shared.domain.SealedNumber;
import java.time.Instant;
import java.util.Objects;

/**
 * One verification: a number, a purpose, and the life of the codes sent for it. It lives
 * {@link TwoFactorLimits#codeLifetime()} from its start (10 minutes) and resends do not extend it.
 *
 * <ul>
 *   <li>{@code requested}: send requests the API made (the first at start, one per accepted resend);
 *       {@code handled}: the last request SendSmsFunction finished with, whatever the outcome;
 *       {@code sends}: codes actually handed to End User Messaging. At most
 *       {@link TwoFactorLimits#maxSends()} of each.</li>
 *   <li>{@code codeDigest}: HMAC of the current code, bound to this verification's id; each send makes a
 *       new code and the previous one stops working. The code itself is stored nowhere.</li>
 *   <li>{@code checks}: codes tried, right or wrong; at {@link TwoFactorLimits#maxChecks()} wrong ones the
 *       verification is LOCKED.</li>
 *   <li>{@code recipient}: the number, sealed (AES-GCM), needed to send and to create a phone link;
 *       removed once the verification is finished.</li>
 *   <li>{@code sessionDigest}: HMAC of the backend's opaque {@code session}, when the start named one: a
 *       check must name the same purpose, account and session, or it is answered like an unknown id.</li>
 *   <li>{@code approvedAt}: when it was approved; the code's digest is kept so that a repeat of the
 *       approving check within {@link TwoFactorLimits#approvalRepeatWindow()} answers APPROVED again.</li>
 *   <li>{@code messageId}: End User Messaging's id of the latest code handed over (what a delivery
 *       receipt names, and what conversion feedback is given for); {@code receipt}: the latest delivery
 *       state its receipts reported ({@code DELIVERED}, {@code CARRIER_UNREACHABLE} ...), null before one.</li>
 * </ul>
 */
record Verification(
        String id,
        String phoneKey,
        SealedNumber recipient,
        String country,
        VerificationPurpose purpose,
        String accountId,
        String locale,
        Instant createdAt,
        Instant expiresAt,
        State state,
        int checks,
        int requested,
        Instant requestedAt,
        int handled,
        int sends,
        String codeDigest,
        Instant codeSentAt,
        String delivery,
        boolean linkPending,
        String sessionDigest,
        Instant approvedAt,
        String messageId,
        String receipt) {

    /**
     * Stored states; EXPIRED is not stored but read from the clock. NUMBER_LOCKED and SIM_SWAP_SUSPECTED
     * are verifications for which no code is sent (the start still answered 202, like any other).
     */
    enum State {
        PENDING,
        APPROVED,
        /** Five wrong codes for this verification. */
        LOCKED,
        /** The number had its failed checks in a row: no code until the backend unlocks it. */
        NUMBER_LOCKED,
        /** A LOGIN / PASSWORD_RESET start for a number whose SIM changed recently: no code sent. */
        SIM_SWAP_SUSPECTED,
        /** The number's prefix or country is throttled by the pumping guard (codes sent there were not entered). */
        PUMPING_SUSPECTED;

        /** A state in which no code is sent, decided at the start (or a resend). */
        boolean suppressed() {
            return this == NUMBER_LOCKED || this == SIM_SWAP_SUSPECTED || this == PUMPING_SUSPECTED;
        }
    }

    /** The {@code KeyRing.digest} purpose for the backend's session binding (context: the phone key). */
    static final String SESSION_DIGEST_PURPOSE = "verification-session";

    /** The {@code KeyRing.digest} purpose for codes: a code's HMAC is bound to this label and the verification id. */
    static final String CODE_DIGEST_PURPOSE = "verification-code";

    Verification {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phoneKey, "phoneKey");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(requestedAt, "requestedAt");
    }

    /** A new verification with its first send request. */
    static Verification start(String id, SealedNumber recipient, String country, VerificationPurpose purpose,
                              String accountId, String locale, Instant now, TwoFactorLimits limits) {
        return start(id, recipient, country, purpose, accountId, locale, null, State.PENDING, now, limits);
    }

    /**
     * A new verification: PENDING with its first send request, or a suppressed state (no send request;
     * the number is not kept, as nothing will be sent to it).
     */
    static Verification start(String id, SealedNumber recipient, String country, VerificationPurpose purpose,
                              String accountId, String locale, String sessionDigest, State state, Instant now,
                              TwoFactorLimits limits) {
        Instant created = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        boolean sending = state == State.PENDING;
        return new Verification(id, recipient.key(), sending ? recipient : null, country, purpose, accountId, locale, created,
                created.plus(limits.codeLifetime()), state, 0, sending ? 1 : 0, created, 0, 0, null, null, null, false,
                sessionDigest, null, null, null);
    }

    /** Whether a check names what this verification verifies: the same purpose, account and session. */
    boolean boundTo(VerificationPurpose checkPurpose, String checkAccountId, String checkSessionDigest) {
        return purpose == checkPurpose && Objects.equals(accountId, checkAccountId)
                && Objects.equals(sessionDigest, checkSessionDigest);
    }

    boolean expired(Instant now) {
        return !now.isBefore(expiresAt);
    }

    /** Pending and not expired: codes may be sent and checked. */
    boolean open(Instant now) {
        return state == State.PENDING && !expired(now);
    }

    /** The request id of send request {@code number}: what SendSmsFunction dedupes on. */
    String requestId(int number) {
        return id + "#" + number;
    }

    /** Which verification a repeated start for the same number, purpose and account reuses. */
    String startKey() {
        return startKey(phoneKey, purpose, accountId);
    }

    static String startKey(String phoneKey, VerificationPurpose purpose, String accountId) {
        return phoneKey + "#" + purpose.name() + "#" + (accountId == null ? "" : accountId);
    }

    /** No number, no digest. */
    @Override
    public String toString() {
        return "Verification[" + id + ", " + purpose + ", " + country + ", " + state + ", checks=" + checks
                + ", requested=" + requested + ", handled=" + handled + ", sends=" + sends + ", expiresAt=" + expiresAt + "]";
    }
}
