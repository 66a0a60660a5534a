package io.smsgate.twofactor;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PumpingGuardPolicy;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Metrics;
import io.smsgate.twofactor.ConversionCounters.Scope;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adaptive SMS-pumping guard. Pumping is codes requested to numbers an attacker is paid for (premium
 * or colluding ranges): the codes are sent and never entered. So the guard watches conversion, codes
 * approved ÷ codes sent, over a sliding hour (six 10-minute buckets), per number prefix (the country
 * calling code and the next {@link PumpingGuardPolicy#prefixDigits()} digits) and per country. When a
 * scope has had enough codes ({@code minCodesPerPrefix}, {@code minCodesPerCountry}) and too few were
 * entered ({@code conversionFloorPercent}), it is throttled for {@code throttleMinutes}: starts there
 * still answer 202, and the verification records PUMPING_SUSPECTED instead of asking for a code.
 *
 * <p>A trip is announced once (log line with the scope, metric {@code PumpingGuardTripped}; the
 * PumpingGuardTrippedAlarm tells the operators on AlarmTopic). After a throttle ends (or an operator
 * releases it), counting starts afresh from the next bucket: the codes that tripped it do not trip it
 * again, new ones are judged on their own.
 */
final class PumpingGuard {
    private static final Logger LOG = LoggerFactory.getLogger(PumpingGuard.class);
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private final ConversionCounters counters;
    private final CountryPolicies policies;
    private final Metrics metrics;

    PumpingGuard(ConversionCounters counters, CountryPolicies policies, Metrics metrics) {
        this.counters = counters;
        this.policies = policies;
        this.metrics = metrics;
    }

    /** A throttle in force for a number: which scope, and until when. */
    record Throttle(Scope scope, Instant until) {
    }

    /** The number's prefix: its country calling code and the next {@code digits} digits ({@code +447700}). */
    static String prefix(PhoneNumber number, int digits) {
        int callingCode = UTIL.getCountryCodeForRegion(number.country().value());
        int length = 1 + (callingCode == 0 ? 0 : String.valueOf(callingCode).length()) + digits;
        return number.e164().substring(0, Math.min(number.e164().length() - 1, length));
    }

    /** The scopes a code to {@code number} counts in, and whose windows {@link #throttled} reads. */
    static List<Scope> scopes(PhoneNumber number, CountryPolicy policy) {
        return scopes(number, policy.pumpingGuard());
    }

    /** The scopes under the number's own country policy (the guard's defaults where there is none). */
    List<Scope> scopes(PhoneNumber number) {
        return scopes(number, policyFor(number));
    }

    private static List<Scope> scopes(PhoneNumber number, PumpingGuardPolicy policy) {
        return List.of(new Scope(Scope.Level.PREFIX, prefix(number, policy.prefixDigits())),
                new Scope(Scope.Level.COUNTRY, number.country().value()));
    }

    private PumpingGuardPolicy policyFor(PhoneNumber number) {
        return policies.forCountry(number.country()).applicable().map(CountryPolicy::pumpingGuard).orElse(PumpingGuardPolicy.DEFAULTS);
    }

    /** A code to {@code number} was handed to End User Messaging. */
    void sent(PhoneNumber number, Instant at) {
        counters.count(ConversionCounters.Outcome.SENT, scopes(number, policyFor(number)), at);
    }

    /** A code to {@code number} was entered (an approved check). */
    void approved(PhoneNumber number, Instant at) {
        counters.count(ConversionCounters.Outcome.APPROVED, scopes(number, policyFor(number)), at);
    }

    /**
     * Whether codes to {@code number} are throttled now: a trip in force for its prefix or country, or
     * one this call sets because conversion there fell below the floor. One read, always the same work.
     */
    Optional<Throttle> throttled(PhoneNumber number, CountryPolicy policy, Instant now) {
        return throttled(number, policy, now, counters.windows(scopes(number, policy), now));
    }

    /** {@link #throttled}, on the windows of {@link #scopes} already read (with the other reads of a start). */
    Optional<Throttle> throttled(PhoneNumber number, CountryPolicy policy, Instant now, Map<Scope, ConversionCounters.Window> windows) {
        PumpingGuardPolicy guard = policy.pumpingGuard();
        List<Scope> scopes = scopes(number, guard);
        for (Scope scope : scopes) {
            ConversionCounters.Window window = windows.get(scope);
            if (window.trip().filter(t -> t.active(now)).isPresent()) {
                return Optional.of(new Throttle(scope, window.trip().get().until()));
            }
        }
        for (Scope scope : scopes) {
            ConversionCounters.Window window = windows.get(scope);
            // Counting starts afresh with the first bucket that starts after the last throttle ended.
            Instant since = window.trip().map(ConversionCounters.Trip::until).orElse(Instant.EPOCH);
            long sent = 0;
            long approved = 0;
            for (ConversionCounters.Bucket bucket : window.buckets()) {
                if (bucket.start().isAfter(since)) {
                    sent += bucket.sent();
                    approved += bucket.approved();
                }
            }
            int minimum = scope.level() == Scope.Level.PREFIX ? guard.minCodesPerPrefix() : guard.minCodesPerCountry();
            if (guard.tooLow(sent, approved, minimum)) {
                Instant until = now.plus(Duration.ofMinutes(guard.throttleMinutes()));
                if (counters.trip(new ConversionCounters.Trip(scope, now, until, sent, approved), now)) {
                    LOG.warn("pumping guard tripped: scope={} country={} sent={} approved={} floor={}% throttled until {}", scope,
                            number.country(), sent, approved, guard.conversionFloorPercent(), until);
                    metrics.count("PumpingGuardTripped", "Scope", scope.level().name());
                }
                return Optional.of(new Throttle(scope, until));
            }
        }
        return Optional.empty();
    }
}
