package io.smsgate.shared.aws;

import io.smsgate.shared.config.Priming;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.port.CachingCountryPolicies;
import io.smsgate.shared.port.CountryPolicies;

/**
 * The country-policy cache around a SnapStart snapshot, for every function that decides by policy
 * (CountryPolicyFunction, VerificationApiFunction, SendSmsFunction).
 * <ul>
 *   <li>Before the snapshot: a decision's read for real (reads change nothing), through the cache: one
 *       country's items (its own, DEFAULT, GLOBAL) as a miss reads them, so the parsing of real items is
 *       loaded and compiled, not only the "no item" answer of a reserved key; then the same country from
 *       the cache.</li>
 *   <li>After every restore: the cache is cleared. What the snapshot holds may be days old and must not
 *       decide anything; each country is read when first asked after the restore. (The cache's expiry
 *       runs on the wall clock, so a days-old entry would be expired anyway; clearing does not depend on
 *       that.)</li>
 * </ul>
 * The first message after a restore therefore reads its country's policy, as the first message of any
 * environment does, where a warm one finds it cached: one BatchGetItem the warm one does not make.
 */
public final class PolicyCachePriming {
    /** Antarctica: a country no sample, test or stack policy names, so priming reads only DEFAULT and GLOBAL of a real stack. */
    static final CountryCode PRIMING_COUNTRY = CountryCode.of("AQ");

    private PolicyCachePriming() {
    }

    public static void register(CachingCountryPolicies cache, CountryPolicies table) {
        Priming.register("country policies", warmUp(cache, table), afterRestore(cache));
    }

    static Runnable warmUp(CachingCountryPolicies cache, CountryPolicies table) {
        return () -> {
            table.forCountry(PRIMING_COUNTRY);
            cache.forCountry(PRIMING_COUNTRY);
            cache.forCountry(PRIMING_COUNTRY);
        };
    }

    /** What a restore runs: nothing the snapshot cached is used after it. */
    public static Runnable afterRestore(CachingCountryPolicies cache) {
        return cache::clear;
    }
}
