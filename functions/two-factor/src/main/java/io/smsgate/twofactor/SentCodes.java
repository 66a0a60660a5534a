package io.smsgate.twofactor;

import java.time.Instant;
import java.util.List;

/**
 * The bookkeeping after End User Messaging accepted a code, in one write: the verification records it
 * SENT with its message id ({@link Verifications#recordSent}), the send request's claim is completed
 * ({@link io.smsgate.shared.port.IdempotencyGuard#complete}), and the code counts as sent for the
 * pumping guard ({@link ConversionCounters#count}).
 */
interface SentCodes {
    /**
     * True when all of it was written; false when none of it was (a condition or a conflict refused the
     * one write): the caller then does each step on its own, as before.
     */
    boolean record(String claim, String verificationId, int number, String messageId, List<ConversionCounters.Scope> scopes,
                   Instant at);
}
