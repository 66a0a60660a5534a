package io.smsgate.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified link between a phone number and an account: the only place a number is stored
 * ({@code e164}, security data, never used for anything but security). Keyed by the number's HMAC.
 * SMS posting starts off; a PIN, when set, is kept only as a slow salted hash. Five wrong PINs in a row
 * lock SMS posting ({@code lockedAt}) until the account turns it on again in its settings.
 *
 * <p>{@code armedAt} is the last time SMS posting was armed: turned on, a PIN set, changed or removed, a
 * lock cleared (null: never since the link). A post is accepted only from
 * {@link #postingAllowedFrom(Duration)}: the cooling-off runs from the later of the link and the arming,
 * so whoever takes a number over and re-arms it through the settings API waits as long as a new link.
 */
public record PhoneLink(
        String phoneKey,
        String accountId,
        String e164,
        String country,
        Instant linkedAt,
        Instant armedAt,
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

    /** When posts are accepted: the cooling-off after the later of {@code linkedAt} and {@code armedAt}. */
    public Instant postingAllowedFrom(Duration coolingOff) {
        Instant from = armedAt != null && armedAt.isAfter(linkedAt) ? armedAt : linkedAt;
        return from.plus(coolingOff);
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
