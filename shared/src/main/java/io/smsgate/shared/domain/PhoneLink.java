package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * A verified link between a phone number and an account: the only place a number is stored
 * ({@code e164}, security data, never used for anything but security). Keyed by the number's HMAC.
 * SMS posting starts off; a PIN, when set, is kept only as a slow salted hash. Five wrong PINs in a row
 * lock SMS posting ({@code lockedAt}) until the account turns it on again in its settings.
 */
public record PhoneLink(
        String phoneKey,
        String accountId,
        String e164,
        String country,
        Instant linkedAt,
        boolean smsPosting,
        String pinHash,
        int pinFailures,
        Instant lockedAt,
        boolean confirmPosts) {

    public PhoneLink {
        Objects.requireNonNull(phoneKey, "phoneKey");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(e164, "e164");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(linkedAt, "linkedAt");
    }

    public boolean locked() {
        return lockedAt != null;
    }

    public boolean hasPin() {
        return pinHash != null && !pinHash.isEmpty();
    }

    /** The number printed for people: masked. */
    @Override
    public String toString() {
        return "PhoneLink[account=" + accountId + ", number=" + io.smsgate.shared.log.Masking.phone(e164)
                + ", smsPosting=" + smsPosting + ", locked=" + locked() + "]";
    }
}
