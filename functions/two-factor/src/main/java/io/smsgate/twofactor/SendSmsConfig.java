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
        double sendRatePerSecond,
        Duration staleReply,
        long globalDailyReplyBudget,
        String codeQueueUrl,
        String textQueueUrl,
        Duration policyCacheTtl,
        Duration idempotencyLease,
        Duration idempotencyRetention,
        int sendsPerExecution,
        TwoFactorLimits limits) {

    static SendSmsConfig from(Environment env) {
        TwoFactorLimits limits = TwoFactorLimits.from(env);
        // Longer than the function's timeout (30 s), so a live attempt is never overtaken, and shorter than a
        // verification's life, so a code whose attempt died before handing it over still goes in time.
        Duration lease = env.seconds("IDEMPOTENCY_LEASE_SECONDS", Duration.ofSeconds(120));
        if (lease.compareTo(limits.codeLifetime()) >= 0) {
            throw new io.smsgate.shared.config.MissingConfigurationException("IDEMPOTENCY_LEASE_SECONDS",
                    "must be shorter than CODE_TTL_SECONDS (" + limits.codeLifetime().toSeconds() + ")");
        }
        String rate = env.optional("SEND_RATE_PER_SECOND", "1");
        double perSecond;
        try {
            perSecond = Double.parseDouble(rate);
        } catch (NumberFormatException e) {
            perSecond = -1;
        }
        if (!(perSecond > 0 && perSecond <= 1000)) {
            throw new io.smsgate.shared.config.MissingConfigurationException("SEND_RATE_PER_SECOND", "must be a number above 0, at most 1000");
        }
        Duration staleReply = env.seconds("STALE_REPLY_SECONDS", Duration.ofSeconds(900));
        if (staleReply.toSeconds() < 60 || staleReply.toSeconds() > 3600) {
            throw new io.smsgate.shared.config.MissingConfigurationException("STALE_REPLY_SECONDS", "must be between 60 and 3600");
        }
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
                perSecond,
                staleReply,
                env.integer("GLOBAL_DAILY_REPLY_BUDGET", 10_000, 0, 100_000_000),
                env.optional("CODE_SEND_QUEUE_URL", ""),
                env.optional("TEXT_SEND_QUEUE_URL", ""),
                env.seconds("POLICY_CACHE_SECONDS", Duration.ofSeconds(30)),
                lease,
                env.seconds("IDEMPOTENCY_RETENTION_SECONDS", Duration.ofDays(3)),
                // Records of a batch sent side by side in one execution (SendSmsHandler); 1: one after the other.
                env.integer("SENDS_PER_EXECUTION", 1, 1, 10),
                limits);
    }
}
