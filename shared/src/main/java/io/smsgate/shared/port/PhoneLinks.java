package io.smsgate.shared.port;

import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** PhoneLinksTable: which account a number belongs to, and that account's SMS settings. */
public interface PhoneLinks {
    Optional<PhoneLink> find(String phoneKey);

    Optional<PhoneLink> findByAccount(String accountId);

    /**
     * Links a verified number to an account, atomically replacing the account's previous link and any
     * link the number had to another account. A phone change is a new authenticator: the new link
     * starts with SMS posting off, no PIN and a fresh cooling-off period. A number already linked to
     * this same account is left exactly as it is (settings, PIN, cooling-off): {@code unchanged}.
     */
    Linked link(String phoneKey, String accountId, PhoneNumber number, Instant at);

    /**
     * What {@link #link} did: the link as it now is; {@code unchanged} when it was there already; the
     * links it replaced (the account's previous number, the number's previous account), as they were.
     */
    record Linked(PhoneLink link, boolean unchanged, List<PhoneLink> replaced) {
        public Linked {
            replaced = List.copyOf(replaced);
        }
    }

    /**
     * A change of an account's SMS settings: posting on or off; a new PIN hash, or null to keep the PIN;
     * post confirmations on or off, or null to keep the setting.
     */
    record SettingsChange(boolean smsPosting, String newPinHash, Boolean confirmPosts) {
    }

    /**
     * Applies a settings change to the account's link. Turning SMS posting on clears a lock and the
     * failure count. Empty when the account has no link.
     */
    Optional<PhoneLink> updateSettings(String accountId, SettingsChange change, Instant at);

    /** Counts a wrong PIN; the {@code maxFailures}-th in a row locks SMS posting. Returns the link after. */
    PhoneLink recordPinFailure(String phoneKey, int maxFailures, Instant at);

    /** A right PIN ends the run of failures. */
    void resetPinFailures(String phoneKey);
}
