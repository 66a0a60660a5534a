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
        boolean linkPending) {

    /** Stored states; EXPIRED is not stored but read from the clock. */
    enum State { PENDING, APPROVED, LOCKED }

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
        Instant created = now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return new Verification(id, recipient.key(), recipient, country, purpose, accountId, locale, created,
                created.plus(limits.codeLifetime()), State.PENDING, 0, 1, created, 0, 0, null, null, null, false);
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
