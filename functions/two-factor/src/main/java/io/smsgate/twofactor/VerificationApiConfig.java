package io.smsgate.twofactor;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.security.PinHasher;
import java.time.Duration;

/** VerificationApiFunction's settings, read once at start; a missing one stops the function with its name. */
record VerificationApiConfig(
        String verificationsTable,
        String countersTable,
        String countryPoliciesTable,
        String phoneLinksTable,
        String outboundSmsTopicArn,
        String securityEventsTopicArn,
        String brand,
        int maxPinFailures,
        boolean allowFictionalNumbers,
        int pinHashIterations,
        Duration policyCacheTtl,
        TwoFactorLimits limits) {

    static VerificationApiConfig from(Environment env) {
        return new VerificationApiConfig(
                env.require("VERIFICATIONS_TABLE_NAME"),
                env.require("COUNTERS_TABLE_NAME"),
                env.require("COUNTRY_POLICIES_TABLE_NAME"),
                env.require("PHONE_LINKS_TABLE_NAME"),
                env.require("OUTBOUND_SMS_TOPIC_ARN"),
                env.require("SECURITY_EVENTS_TOPIC_ARN"),
                env.optional("BRAND_NAME", "smsgate"),
                env.integer("MAX_PIN_FAILURES", 5, 1, 100),
                env.flag("ALLOW_FICTIONAL_NUMBERS", false),
                env.integer("PIN_HASH_ITERATIONS", PinHasher.DEFAULT_ITERATIONS, 10_000, PinHasher.MAX_ITERATIONS),
                env.seconds("POLICY_CACHE_SECONDS", Duration.ofSeconds(30)),
                TwoFactorLimits.from(env));
    }
}
