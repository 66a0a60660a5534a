package io.smsgate.twofactor;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import java.time.Duration;

/**
 * The limits on codes, read once from the environment (defaults in brackets): a verification lives
 * {@code CODE_TTL_SECONDS} [600]; at most {@code MAX_CHECKS_PER_VERIFICATION} [5] checks and
 * {@code MAX_SENDS_PER_VERIFICATION} [5] sends; {@code RESEND_COOLDOWN_SECONDS} [30] between sends; at
 * most {@code MAX_CHECKS_PER_NUMBER_PER_DAY} [100] checks per number per UTC day over all its
 * verifications; at most {@code GLOBAL_DAILY_CODE_BUDGET} codes per UTC day in all (the template sets it).
 */
record TwoFactorLimits(
        Duration codeLifetime,
        int maxChecks,
        int maxSends,
        Duration resendCooldown,
        int maxChecksPerNumberPerDay,
        long globalDailyCodeBudget) {

    static final TwoFactorLimits DEFAULTS = new TwoFactorLimits(Duration.ofMinutes(10), 5, 5, Duration.ofSeconds(30), 100, 10_000);

    static TwoFactorLimits from(Environment env) {
        Duration lifetime = env.seconds("CODE_TTL_SECONDS", DEFAULTS.codeLifetime());
        if (lifetime.toSeconds() < 60 || lifetime.toSeconds() > 3600) {
            throw new MissingConfigurationException("CODE_TTL_SECONDS", "must be between 60 and 3600");
        }
        Duration cooldown = env.seconds("RESEND_COOLDOWN_SECONDS", DEFAULTS.resendCooldown());
        if (cooldown.toSeconds() > 600) {
            throw new MissingConfigurationException("RESEND_COOLDOWN_SECONDS", "must be at most 600");
        }
        return new TwoFactorLimits(
                lifetime,
                env.integer("MAX_CHECKS_PER_VERIFICATION", DEFAULTS.maxChecks(), 1, 10),
                env.integer("MAX_SENDS_PER_VERIFICATION", DEFAULTS.maxSends(), 1, 10),
                cooldown,
                env.integer("MAX_CHECKS_PER_NUMBER_PER_DAY", DEFAULTS.maxChecksPerNumberPerDay(), 1, 1000),
                env.integer("GLOBAL_DAILY_CODE_BUDGET", (int) DEFAULTS.globalDailyCodeBudget(), 0, 100_000_000));
    }
}
