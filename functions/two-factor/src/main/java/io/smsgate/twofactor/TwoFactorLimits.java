package io.smsgate.twofactor;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import java.time.Duration;

/**
 * The limits on codes, read once from the environment (defaults in brackets): a verification lives
 * {@code CODE_TTL_SECONDS} [600]; at most {@code MAX_CHECKS_PER_VERIFICATION} [5, and never more: the
 * per-verification guessing bound of 5 x 10^-6 rests on it] checks and
 * {@code MAX_SENDS_PER_VERIFICATION} [5] sends; {@code RESEND_COOLDOWN_SECONDS} [30] between sends; at
 * most {@code MAX_FAILED_CHECKS_PER_NUMBER} [100, and never more] failed checks in a row per number over all
 * its verifications and purposes, with no time reset (NIST SP 800-63B-4); at most
 * {@code GLOBAL_DAILY_CODE_BUDGET} codes per UTC day in all (the template sets it). A repeat of an approving
 * check within {@link #approvalRepeatWindow()} (60 s) answers APPROVED again.
 */
record TwoFactorLimits(
        Duration codeLifetime,
        int maxChecks,
        int maxSends,
        Duration resendCooldown,
        int maxFailedChecksPerNumber,
        long globalDailyCodeBudget,
        Duration approvalRepeatWindow) {

    /** NIST SP 800-63B-4's ceiling: the per-number guessing bound (100 x 10^-6) rests on it. */
    static final int MAX_FAILED_CHECKS_CEILING = 100;

    static final TwoFactorLimits DEFAULTS = new TwoFactorLimits(Duration.ofMinutes(10), 5, 5, Duration.ofSeconds(30),
            MAX_FAILED_CHECKS_CEILING, 10_000, Duration.ofSeconds(60));

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
                env.integer("MAX_CHECKS_PER_VERIFICATION", DEFAULTS.maxChecks(), 1, 5),
                env.integer("MAX_SENDS_PER_VERIFICATION", DEFAULTS.maxSends(), 1, 10),
                cooldown,
                env.integer("MAX_FAILED_CHECKS_PER_NUMBER", DEFAULTS.maxFailedChecksPerNumber(), 1, MAX_FAILED_CHECKS_CEILING),
                env.integer("GLOBAL_DAILY_CODE_BUDGET", (int) DEFAULTS.globalDailyCodeBudget(), 0, 100_000_000),
                DEFAULTS.approvalRepeatWindow());
    }
}
