package io.smsgate.twofactor;

import io.smsgate.shared.domain.PhoneNumber;

/**
 * {@code POST /verifications}, validated. {@code accountId}, {@code locale} and {@code session} (the
 * backend's opaque binding to its login session) may be null.
 */
record StartRequest(PhoneNumber phone, VerificationPurpose purpose, String accountId, String locale, String session) {
    StartRequest(PhoneNumber phone, VerificationPurpose purpose, String accountId, String locale) {
        this(phone, purpose, accountId, locale, null);
    }
}
