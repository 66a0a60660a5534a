package io.smsgate.shared.port;

import io.smsgate.shared.domain.PhoneLink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * PhoneLinksTable: which account a number belongs to, and that account's SMS settings.
 *
 * <p>The PIN lock. Each guess at the PIN (a text whose first word is shaped like a PIN, or a
 * {@code currentPin} in the settings API) is reserved by {@link #reserveGuess} BEFORE it is judged: one
 * conditional write that adds the guess's id to the link's run of guesses and fails when the link is
 * locked or the run already holds {@code maxGuesses} other ids. So N texts arriving together can have
 * at most {@code maxGuesses} judged, and a redelivered guess (same id) is judged again but counted once.
 * A wrong guess that fills the run locks the link ({@link #lockIfSpent}); a right one ends the run.
 */
public interface PhoneLinks {
    Optional<PhoneLink> find(String phoneKey);

    Optional<PhoneLink> findByAccount(String accountId);

    /**
     * Links a verified number to an account, atomically replacing the account's previous link and any
     * link the number had to another account. A phone change is a new authenticator: the new link
     * starts with SMS posting off, no PIN and a fresh cooling-off period. A number already linked to
     * this same account is left exactly as it is (settings, PIN, cooling-off): {@code unchanged}.
     * {@code sealedNumber}: the number sealed for this link ({@code KeyRing.seal} with
     * {@code SealContext.link(phoneKey)}); the table never holds it in clear.
     */
    Linked link(String phoneKey, String accountId, String sealedNumber, String country, Instant at);

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
     * A change of an account's SMS settings: posting on or off; a new PIN hash ({@code newPinHash}), or
     * the PIN removed ({@code removePin}), or neither (the PIN kept); post confirmations on or off, or null
     * to keep the setting. {@code arm}: the change arms SMS posting ({@code armedAt} = the time of the
     * change, so the cooling-off starts again). {@code clearLock}: the lock and the run of guesses go.
     * {@code endGuessRun}: the run of guesses goes (a right current PIN was given).
     */
    record SettingsChange(boolean smsPosting, String newPinHash, boolean removePin, Boolean confirmPosts, boolean arm,
                          boolean clearLock, boolean endGuessRun) {
        public SettingsChange {
            if (newPinHash != null && removePin) {
                throw new IllegalArgumentException("a PIN cannot be set and removed at once");
            }
        }

        /**
         * The change as setup tools (tests, the bench) make it: posting on or off, a PIN set or kept;
         * turning posting on or setting a PIN arms, and turning posting on clears a lock.
         */
        public SettingsChange(boolean smsPosting, String newPinHash, Boolean confirmPosts) {
            this(smsPosting, newPinHash, false, confirmPosts, smsPosting || newPinHash != null, smsPosting, smsPosting);
        }
    }

    /**
     * Applies a settings change to the link it was decided from, only if the link is still in that
     * state: the same account, link time, PIN hash and lock. Empty when the link changed meanwhile (or
     * is gone), so two concurrent changes decided from one state cannot both pass.
     */
    Optional<PhoneLink> updateSettings(PhoneLink decidedFrom, SettingsChange change, Instant at);

    /** {@link #updateSettings(PhoneLink, SettingsChange, Instant)} on the account's link as read now (setup tools). */
    default Optional<PhoneLink> updateSettings(String accountId, SettingsChange change, Instant at) {
        return findByAccount(accountId).flatMap(link -> updateSettings(link, change, at));
    }

    /**
     * Reserves one guess at the PIN before it is judged: adds {@code guessId} to the link's run of
     * guesses unless the link is locked or the run holds {@code maxGuesses} ids other than this one.
     * Returns the link after the reservation, or empty when it was refused (locked, run spent, no link).
     */
    Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses);

    /**
     * After a wrong guess: locks SMS posting (posting off, {@code lockedAt = at}) when the run holds
     * {@code maxGuesses} guesses and the link is not locked yet. Returns the link after.
     */
    PhoneLink lockIfSpent(String phoneKey, int maxGuesses, Instant at);

    /** A right PIN ends the run of guesses (when a post is not written with it, see the post store). */
    void endGuessRun(String phoneKey);

    /**
     * Turns SMS posting off without touching the PIN or the lock (a suspected SIM swap): turning it on
     * again goes through the settings API, which re-arms and so restarts the cooling-off.
     */
    void disarm(String phoneKey, Instant at);
}
