package io.smsgate.shared.port;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PolicySet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each country's policy for a short time per execution environment, so a warm function reads
 * the table at most once per country per {@code ttl}, and a change made by an operator is seen within
 * {@code ttl}. A failed read is not cached: the next message tries again. {@link #clear} forgets
 * everything (after a SnapStart restore: what the snapshot holds may be days old).
 */
public final class CachingCountryPolicies implements CountryPolicies {
    private record Entry(PolicySet policies, Instant expires) {
    }

    private final CountryPolicies delegate;
    private final Duration ttl;
    private final Clock clock;
    private final Map<CountryCode, Entry> entries = new ConcurrentHashMap<>();

    public CachingCountryPolicies(CountryPolicies delegate, Duration ttl, Clock clock) {
        this.delegate = delegate;
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public PolicySet forCountry(CountryCode country) {
        Instant now = clock.instant();
        Entry entry = entries.get(country);
        if (entry != null && now.isBefore(entry.expires())) {
            return entry.policies();
        }
        PolicySet fresh = delegate.forCountry(country);
        entries.put(country, new Entry(fresh, now.plus(ttl)));
        return fresh;
    }

    /** Forgets every country: each is read again when next asked. */
    public void clear() {
        entries.clear();
    }
}
