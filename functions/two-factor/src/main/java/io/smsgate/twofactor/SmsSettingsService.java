package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.security.PinHasher;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An account's SMS settings: SMS posting on or off, a PIN, post confirmations. Only for an account whose
 * phone link was verified (LINK_PHONE). A PIN is stored only as a slow salted hash ({@link PinHasher}).
 * SMS posting cannot be turned on without a PIN where the number's country policy asks for one
 * ({@code postingAuth} PIN, the default) unless a PIN is set already.
 */
final class SmsSettingsService {
    private static final Logger LOG = LoggerFactory.getLogger(SmsSettingsService.class);

    private final PhoneLinks phoneLinks;
    private final CountryPolicies policies;
    private final PinHasher pins;
    private final Metrics metrics;
    private final Clock clock;

    SmsSettingsService(PhoneLinks phoneLinks, CountryPolicies policies, PinHasher pins, Metrics metrics, Clock clock) {
        this.phoneLinks = phoneLinks;
        this.policies = policies;
        this.pins = pins;
        this.metrics = metrics;
        this.clock = clock;
    }

    SettingsOutcome update(String accountId, SettingsRequest request) {
        Optional<PhoneLink> link = phoneLinks.findByAccount(accountId);
        if (link.isEmpty()) {
            return refuse(ApiRejection.NO_VERIFIED_LINK, accountId);
        }
        if (request.smsPosting() && request.pin() == null && !link.get().hasPin() && pinRequired(link.get())) {
            return refuse(ApiRejection.PIN_REQUIRED, accountId);
        }
        String pinHash = request.pin() == null ? null : pins.hash(request.pin());
        Optional<PhoneLink> after = phoneLinks.updateSettings(accountId,
                new PhoneLinks.SettingsChange(request.smsPosting(), pinHash, request.confirmPosts()), clock.instant());
        if (after.isEmpty()) {
            return refuse(ApiRejection.NO_VERIFIED_LINK, accountId);
        }
        PhoneLink updated = after.get();
        LOG.info("SMS settings of account {}: smsPosting={} pin={} confirmPosts={}", accountId, updated.smsPosting(),
                request.pin() == null ? (updated.hasPin() ? "kept" : "none") : "changed", updated.confirmPosts());
        metrics.count("SmsSettingsUpdated", Map.of("SmsPosting", Boolean.toString(updated.smsPosting())));
        return new SettingsOutcome.Updated(updated.smsPosting(), updated.hasPin(), updated.confirmPosts());
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
