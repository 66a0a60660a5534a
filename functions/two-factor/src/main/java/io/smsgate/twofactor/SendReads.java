package io.smsgate.twofactor;

import java.util.Optional;

/**
 * What a code's send decides on first, read together: its verification and whether the number opted
 * out. Both are always read, whichever rule then says no.
 */
interface SendReads {
    record Facts(Optional<Verification> verification, boolean optedOut) {
    }

    Facts read(String verificationId, String phoneKey);
}
