package io.smsgate.twofactor;

import java.time.Instant;

/**
 * {@code GET /verifications/{id}}: what the backend may know of a verification, never its number or code.
 * {@code state} is one of PENDING (no code handed over yet), SENT (at least one), APPROVED, LOCKED (five
 * wrong codes), EXPIRED, NUMBER_LOCKED (the number's failed checks in a row: no code until unlocked),
 * SIM_SWAP_SUSPECTED (no code sent), PUMPING_SUSPECTED (no code sent: the pumping guard throttles the number's
 * prefix or country), BUDGET_EXHAUSTED (no code sent: a budget was spent).
 * {@code sendStatus} is what the verification's item records about its latest send, as recorded (for
 * instance SENDING, SENT, RETRYING, RESEND_COOLDOWN, OPTED_OUT, POLICY_DENIED, BUDGET_NUMBER_HOURLY,
 * PROVIDER_REJECTED ...); null when nothing was recorded. {@code deliveryStatus}: what the carrier reported
 * for the latest code sent (DELIVERED, SUCCESSFUL, CARRIER_UNREACHABLE, BLOCKED, SPAM, TTL_EXPIRED ...: End
 * User Messaging's event type without {@code TEXT_}); null until a delivery receipt arrived.
 */
record VerificationStatus(String verificationId, VerificationPurpose purpose, String state, Instant expiresAt, int sends,
                          String sendStatus, String deliveryStatus) {
    static VerificationStatus of(Verification v, boolean numberLocked, Instant now) {
        return new VerificationStatus(v.id(), v.purpose(), state(v, numberLocked, now), v.expiresAt(), v.sends(), v.delivery(),
                v.receipt());
    }

    private static String state(Verification v, boolean numberLocked, Instant now) {
        if (v.state() != Verification.State.PENDING) {
            return v.state().name();
        }
        if (v.expired(now)) {
            return "EXPIRED";
        }
        if (numberLocked) {
            return Verification.State.NUMBER_LOCKED.name();
        }
        if (v.sends() > 0) {
            return "SENT";
        }
        if (v.delivery() != null && v.delivery().startsWith("BUDGET_")) {
            return "BUDGET_EXHAUSTED";
        }
        return "PENDING";
    }
}
