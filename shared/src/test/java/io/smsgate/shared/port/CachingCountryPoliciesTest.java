package io.smsgate.shared.port;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PolicySet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingCountryPoliciesTest {
    private static final CountryCode GB = CountryCode.of("GB");

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void readsOncePerCountryUntilTheTtlPasses() {
        AtomicInteger reads = new AtomicInteger();
        MutableClock clock = new MutableClock();
        var cache = new CachingCountryPolicies(country -> {
            reads.incrementAndGet();
            return new PolicySet(country, Optional.empty(), Optional.empty(), Optional.empty());
        }, Duration.ofSeconds(30), clock);

        cache.forCountry(GB);
        clock.now = clock.now.plusSeconds(29);
        cache.forCountry(GB);
        assertThat(reads).hasValue(1);
        cache.forCountry(CountryCode.of("FR"));
        assertThat(reads).hasValue(2);
        clock.now = clock.now.plusSeconds(1);
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
        }, Duration.ofSeconds(30), new MutableClock());

        assertThatThrownBy(() -> cache.forCountry(GB)).hasMessageContaining("unreachable");
        assertThat(cache.forCountry(GB)).isNotNull();
        assertThat(reads).hasValue(2);
    }
}
