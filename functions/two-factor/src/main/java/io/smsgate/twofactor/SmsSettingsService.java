package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SecurityEvent;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.security.PinHasher;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's SMS settings: SMS posting on or off, a PIN set, changed or removed, post confirmations.
 * Only for an account whose phone link was verified (LINK_PHONE). A PIN is stored only as a slow salted
 * hash ({@link PinHasher}). SMS posting cannot be turned on without a PIN where the number's country
 * policy asks for one ({@code postingAuth} PIN, the default) unless a PIN is set already, and a PIN can
 * be removed only where the policy allows posting without one.
 *
 * <p>Arming is a security event. Turning SMS posting on, setting, changing or removing the PIN, and
 * clearing a lock set {@code armedAt} (the cooling-off starts again) and publish SmsPostingArmed to
 * SecurityEventsTopic, with what changed and never the PIN.
 *
 * <p>Changing or removing an existing PIN needs the current PIN ({@code currentPin}). Each current PIN
 * given is a guess at the PIN like a PIN in a text: reserved on the link before it is judged
 * ({@link PhoneLinks#reserveGuess}), refused while the link is locked, and the fifth wrong one in a
 * row locks it (PostingLocked published). A forgotten PIN is replaced only by linking the phone again.
 * Clearing a lock ({@code smsPosting: true} on a locked link) needs no current PIN when the PIN stays:
 * posting still needs that PIN, after the cooling-off, and the owner is told.
 *
 * <p>The write is conditional on the link as it was read (the PIN hash verified against, the lock, the
 * arming), so of two concurrent changes decided from the same state only one passes; the other is
 * answered SETTINGS_CONFLICT and may be retried.
 *
 * <p>Events: notify-then-write. SmsPostingArmed is published before the write, with an id derived from
 * the state the change was decided from and what it changes, so a crash between the two never leaves an
 * armed link the owner was not told about, and a retry of the same request publishes the same id (the
 * subscriber deduplicates). The cost: when the write then loses a race (SETTINGS_CONFLICT), the owner
 * was told of a change that did not happen; a false alarm, never a missed one.
 */
final class SmsSettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SmsSettingsService.class);

    private final PhoneLinks phoneLinks;
    private final CountryPolicies policies;
    private final PinHasher pins;
    private final Topic<SecurityEvent> securityEvents;
    private final int maxPinFailures;
    private final Supplier<String> guessIds;
    private final Metrics metrics;
    private final Clock clock;

    SmsSettingsService(PhoneLinks phoneLinks, CountryPolicies policies, PinHasher pins, Topic<SecurityEvent> securityEvents,
                       int maxPinFailures, Metrics metrics, Clock clock) {
        this(phoneLinks, policies, pins, securityEvents, maxPinFailures, () -> "api-" + UUID.randomUUID(), metrics, clock);
    }

    SmsSettingsService(PhoneLinks phoneLinks, CountryPolicies policies, PinHasher pins, Topic<SecurityEvent> securityEvents,
                       int maxPinFailures, Supplier<String> guessIds, Metrics metrics, Clock clock) {
        this.phoneLinks = phoneLinks;
        this.policies = policies;
        this.pins = pins;
        this.securityEvents = securityEvents;
        this.maxPinFailures = maxPinFailures;
        this.guessIds = guessIds;
        this.metrics = metrics;
        this.clock = clock;
    }

    SettingsOutcome update(String accountId, SettingsRequest request) {
        Optional<PhoneLink> found = phoneLinks.findByAccount(accountId);
        if (found.isEmpty()) {
            return refuse(ApiRejection.NO_VERIFIED_LINK, accountId);
        }
        PhoneLink link = found.get();
        boolean newPin = request.pin() != null;
        boolean removePin = request.removePin() && link.hasPin();
        if (request.removePin() && pinRequired(link)) {
            return refuse(ApiRejection.PIN_REQUIRED, accountId);
        }
        if (request.smsPosting() && !newPin && (!link.hasPin() || removePin) && pinRequired(link)) {
            return refuse(ApiRejection.PIN_REQUIRED, accountId);
        }

        // Changing or removing an existing PIN: the current PIN, judged as a guess on the link.
        boolean currentPinRight = false;
        if (link.hasPin() && (newPin || removePin)) {
            if (request.currentPin() == null) {
                return refuse(ApiRejection.CURRENT_PIN_REQUIRED, accountId);
            }
            if (!PinHasher.isWellFormed(link.pinHash())) {
                // Before any guess is reserved: the owner's right PIN would count towards the lock.
                LOG.error("the stored PIN hash of account {}'s link is damaged; no PIN can match it until an operator clears it"
                        + " (docs/operations.md, PIN_RECORD_INVALID)", accountId);
                return refuse(ApiRejection.PIN_RECORD_INVALID, accountId);
            }
            Optional<PhoneLink> reserved = phoneLinks.reserveGuess(link.phoneKey(), guessIds.get(), maxPinFailures);
            if (reserved.isEmpty()) {
                lockIfSpent(link);
                return refuse(ApiRejection.PIN_LOCKED, accountId);
            }
            // Judged against the PIN the change is decided from; if it changed meanwhile, the write below fails.
            if (!pins.matches(request.currentPin(), link.pinHash())) {
                if (reserved.get().pinFailures() >= maxPinFailures) {
                    lockIfSpent(reserved.get());
                }
                return refuse(ApiRejection.CURRENT_PIN_WRONG, accountId);
            }
            currentPinRight = true;
        }

        boolean clearLock = request.smsPosting() && link.locked();
        List<String> changes = new ArrayList<>();
        if (request.smsPosting() && !link.smsPosting()) {
            changes.add(SecurityEvent.Change.SMS_POSTING_ON.name());
        }
        if (newPin) {
            changes.add((link.hasPin() ? SecurityEvent.Change.PIN_CHANGED : SecurityEvent.Change.PIN_SET).name());
        }
        if (removePin) {
            changes.add(SecurityEvent.Change.PIN_REMOVED.name());
        }
        if (clearLock) {
            changes.add(SecurityEvent.Change.LOCK_CLEARED.name());
        }
        boolean arms = !changes.isEmpty();
        Instant now = clock.instant();
        if (arms) {
            // Notify-then-write (see the class comment): the id names the state decided from and the change.
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.SmsPostingArmed,
                    SecurityEvent.idFor(SecurityEvent.Type.SmsPostingArmed, accountId, link.phoneKey(), link.linkedAt().toString(),
                            String.valueOf(link.armedAt()), String.valueOf(link.pinHash()), String.valueOf(link.lockedAt()),
                            String.join(",", changes)),
                    accountId, link.country(), now, changes, null, null));
        }
        String pinHash = newPin ? pins.hash(request.pin()) : null;
        Optional<PhoneLink> after = phoneLinks.updateSettings(link,
                new PhoneLinks.SettingsChange(request.smsPosting(), pinHash, removePin, request.confirmPosts(), arms, clearLock,
                        currentPinRight),
                now);
        if (after.isEmpty()) {
            return refuse(ApiRejection.SETTINGS_CONFLICT, accountId);
        }
        PhoneLink updated = after.get();
        LOG.info("SMS settings of account {}: smsPosting={} pin={} confirmPosts={} armed={}", accountId, updated.smsPosting(),
                newPin ? "changed" : removePin ? "removed" : updated.hasPin() ? "kept" : "none", updated.confirmPosts(),
                arms ? changes : "no");
        metrics.count("SmsSettingsUpdated", Map.of("SmsPosting", Boolean.toString(updated.smsPosting())));
        if (arms) {
            metrics.count("SmsPostingArmed", "Country", updated.country());
        }
        return new SettingsOutcome.Updated(updated.smsPosting(), updated.hasPin(), updated.confirmPosts());
    }

    /** A wrong or refused current PIN may have spent the run: lock, and tell the owner (the same event id as from a text). */
    private void lockIfSpent(PhoneLink link) {
        if (link.locked()) {
            return;
        }
        PhoneLink after = phoneLinks.lockIfSpent(link.phoneKey(), maxPinFailures, clock.instant());
        if (after.locked()) {
            securityEvents.publish(SecurityEvent.of(SecurityEvent.Type.PostingLocked,
                    SecurityEvent.idFor(SecurityEvent.Type.PostingLocked, after.accountId(), after.lockedAt().toString()),
                    after.accountId(), after.country(), after.lockedAt(), List.of(), "WRONG_PINS", null));
            LOG.warn("SMS posting locked for account {} after {} wrong PINs in a row (settings API): PostingLocked published",
                    after.accountId(), after.pinFailures());
            metrics.count("PostingLocked", "Country", after.country());
        }
    }

    /** The number's country policy asks for a PIN (PIN is the default, and the answer when no policy applies). */
    private boolean pinRequired(PhoneLink link) {
        return CountryCode.parse(link.country())
                .flatMap(country -> policies.forCountry(country).applicable())
                .map(policy -> policy.postingAuth() == PostingAuth.PIN)
                .orElse(true);
    }

    private SettingsOutcome refuse(ApiRejection reason, String accountId) {
        LOG.info("SMS settings not changed: reason={} account={}", reason, accountId);
        metrics.count("SmsSettingsRefused", "Reason", reason.name());
        return new SettingsOutcome.Refused(reason);
    }
}
