package io.smsgate.shared.port;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.PolicySet;

/**
 * Reads the policy for a country. A read that fails throws (the caller fails closed: nothing is
 * approved, the platform retries); a missing item is not a failure.
 */
public interface CountryPolicies {
    PolicySet forCountry(CountryCode country);
}
