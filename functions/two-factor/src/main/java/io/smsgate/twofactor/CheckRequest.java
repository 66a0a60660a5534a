package io.smsgate.twofactor;

/**
 * {@code POST /verifications/{id}/check}, validated: the code and what it verifies. A check whose
 * purpose, account or session is not the start's is answered exactly like an unknown id.
 */
record CheckRequest(String code, VerificationPurpose purpose, String accountId, String session) {
    /** No code, no session in print. */
    @Override
    public String toString() {
        return "CheckRequest[" + purpose + ", account=" + accountId + "]";
    }
}
