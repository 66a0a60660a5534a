package io.smsgate.shared.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.shared.domain.PolicySet;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingCountryPoliciesTest {
    private static final CountryCode GB = CountryCode.of("GB");


    @Test
    void readsOncePerCountryUntilTheTtlPasses() {
        AtomicInteger reads = new AtomicInteger();
        MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
        var cache = new CachingCountryPolicies(country -> {
            reads.incrementAndGet();
            return new PolicySet(country, Optional.empty(), Optional.empty(), Optional.empty());
        }, Duration.ofSeconds(30), clock);

        cache.forCountry(GB);
        clock.advance(java.time.Duration.ofSeconds(29));
        cache.forCountry(GB);
        assertThat(reads).hasValue(1);
        cache.forCountry(CountryCode.of("FR"));
        assertThat(reads).hasValue(2);
        clock.advance(java.time.Duration.ofSeconds(1));
        cache.forCountry(GB);
        assertThat(reads).hasValue(3);
    }

    @Test
    void aFailedReadIsNotCached() {
        AtomicInteger reads = new AtomicInteger();
        var cache = new CachingCountryPolicies(country -> {
            if (reads.incrementAndGet() == 1) {
                throw new IllegalStateException("table unreachable");
            }
            return new PolicySet(country, Optional.empty(), Optional.empty(), Optional.empty());
        }, Duration.ofSeconds(30), new MutableClock(Instant.parse("2026-11-25T10:00:00Z")));

        assertThatThrownBy(() -> cache.forCountry(GB)).hasMessageContaining("unreachable");
        assertThat(cache.forCountry(GB)).isNotNull();
        assertThat(reads).hasValue(2);
    }

    @Test
    void clearingForgetsEveryCountryBeforeItsTtl() {
        AtomicInteger reads = new AtomicInteger();
        var cache = new CachingCountryPolicies(country -> {
            reads.incrementAndGet();
            return new PolicySet(country, Optional.empty(), Optional.empty(), Optional.empty());
        }, Duration.ofSeconds(30), new MutableClock(Instant.parse("2026-11-25T10:00:00Z")));
        cache.forCountry(GB);
        cache.forCountry(CountryCode.of("FR"));

        cache.clear();
        cache.forCountry(GB);
        cache.forCountry(GB);

        assertThat(reads).hasValue(3);
    }
}
