package io.smsgate.twofactor;

import java.util.Optional;

/**
 * What a send decides on first, read together. A code: its verification and whether the number opted
 * out. A reply: whether the number opted out and the loop guard's previous window
 * ({@link LoopGuard#previousWindow}). Each is always read, whichever rule then says no.
 */
interface SendReads {
    record Facts(Optional<Verification> verification, boolean optedOut) {
    }

    /** {@code loopPrevious}: the count in the loop guard's previous window (0 when absent). */
    record ReplyFacts(boolean optedOut, long loopPrevious) {
    }

    Facts read(String verificationId, String phoneKey);

    ReplyFacts reply(String phoneKey, String loopCounterKey);
}
