package io.smsgate.policy;

import io.smsgate.shared.config.Environment;
import java.time.Duration;

/** CountryPolicyFunction's settings, read once at start; a missing one stops the function with its name. */
record CountryPolicyConfig(
        String policiesTable,
        String countersTable,
        String approvedCommandsTopicArn,
        String outboundSmsTopicArn,
        Duration policyCacheTtl,
        String deniedReply) {

    /** What a denied sender is told (once a day at most). */
    static final String DEFAULT_DENIED_REPLY = "SMS posting isn't available in your country; use the app or the website.";
    /** How long an operator's change can take to reach a warm function, by default. */
    static final int DEFAULT_CACHE_SECONDS = 30;

    static CountryPolicyConfig from(Environment env) {
        return new CountryPolicyConfig(
                env.require("COUNTRY_POLICIES_TABLE_NAME"),
                env.require("COUNTERS_TABLE_NAME"),
                env.require("APPROVED_COMMANDS_TOPIC_ARN"),
                env.require("OUTBOUND_SMS_TOPIC_ARN"),
                Duration.ofSeconds(env.integer("POLICY_CACHE_SECONDS", DEFAULT_CACHE_SECONDS, 0, 300)),
                env.optional("POLICY_DENIED_REPLY", DEFAULT_DENIED_REPLY));
    }
}
