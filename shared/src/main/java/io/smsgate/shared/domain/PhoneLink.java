package io.smsgate.shared.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A verified link between a phone number and an account, keyed by the number's HMAC. The number itself
 * is kept only sealed ({@code sealedNumber}, AES-GCM bound to this link's phone key, security data), for
 * the one text that needs it (telling a replaced number once that it was unlinked); null on links
 * written before numbers were sealed here.
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
        String sealedNumber,
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

    /** The sealed number with its key, as {@code KeyRing.open} takes it; empty on links from before sealing. */
    public java.util.Optional<SealedNumber> number() {
        return sealedNumber == null ? java.util.Optional.empty() : java.util.Optional.of(new SealedNumber(phoneKey, sealedNumber));
    }

    @Override
    public String toString() {
        return "PhoneLink[account=" + accountId + ", smsPosting=" + smsPosting + ", locked=" + locked() + "]";
    }
}
