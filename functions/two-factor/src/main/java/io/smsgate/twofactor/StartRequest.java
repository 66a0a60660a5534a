package io.smsgate.twofactor;

import io.smsgate.shared.domain.PhoneNumber;

/** {@code POST /verifications}, validated. {@code accountId} and {@code locale} may be null. */
record StartRequest(PhoneNumber phone, VerificationPurpose purpose, String accountId, String locale) {
}
