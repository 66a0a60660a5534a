package io.smsgate.twofactor;

import io.smsgate.shared.config.Environment;
import java.time.Duration;

/** SendSmsFunction's settings, read once at start; a missing one stops the function with its name. */
record SendSmsConfig(
        String verificationsTable,
        String countersTable,
        String optOutsTable,
        String countryPoliciesTable,
        String originationIdentity,
        String configurationSet,
        String webOtpDomain,
        String brand,
        boolean dryRun,
        Duration policyCacheTtl,
        Duration idempotencyLease,
        Duration idempotencyRetention,
        TwoFactorLimits limits) {

    static SendSmsConfig from(Environment env) {
        return new SendSmsConfig(
                env.require("VERIFICATIONS_TABLE_NAME"),
                env.require("COUNTERS_TABLE_NAME"),
                env.require("OPT_OUTS_TABLE_NAME"),
                env.require("COUNTRY_POLICIES_TABLE_NAME"),
                env.require("ORIGINATION_IDENTITY"),
                env.require("CONFIGURATION_SET_NAME"),
                env.optional("WEBOTP_DOMAIN", ""),
                env.optional("BRAND_NAME", "smsgate"),
                env.flag("SMS_DRY_RUN", false),
                env.seconds("POLICY_CACHE_SECONDS", Duration.ofSeconds(30)),
                // Longer than Lambda's two retries (about 3 minutes): an attempt that died mid-send is never repeated.
                env.seconds("IDEMPOTENCY_LEASE_SECONDS", Duration.ofMinutes(15)),
                env.seconds("IDEMPOTENCY_RETENTION_SECONDS", Duration.ofDays(3)),
                TwoFactorLimits.from(env));
    }
}
