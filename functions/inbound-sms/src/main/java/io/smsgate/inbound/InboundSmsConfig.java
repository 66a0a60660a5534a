package io.smsgate.inbound;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** InboundSmsFunction's settings, read once at start; a missing one stops the function with its name. */
record InboundSmsConfig(
        String idempotencyTable,
        String optOutsTable,
        String commandsTopicArn,
        String outboundSmsTopicArn,
        Set<String> destinationNumbers,
        boolean selfManagedOptOuts,
        boolean allowFictionalNumbers,
        int maxBodyLength,
        Duration idempotencyLease,
        Duration idempotencyRetention,
        ComplianceReplies replies) {

    static InboundSmsConfig from(Environment env) {
        List<String> destinations = env.list("DESTINATION_NUMBERS");
        if (destinations.isEmpty()) {
            throw new MissingConfigurationException("DESTINATION_NUMBERS", "is not set (the deployment's numbers, E.164, comma-separated)");
        }
        for (String number : destinations) {
            if (!number.matches("\\+[1-9]\\d{6,14}")) {
                throw new MissingConfigurationException("DESTINATION_NUMBERS", "holds a value that is not E.164");
            }
        }
        return new InboundSmsConfig(
                env.require("IDEMPOTENCY_TABLE_NAME"),
                env.require("OPT_OUTS_TABLE_NAME"),
                env.require("COMMANDS_TOPIC_ARN"),
                env.require("OUTBOUND_SMS_TOPIC_ARN"),
                Set.copyOf(destinations),
                env.flag("SELF_MANAGED_OPT_OUTS", false),
                env.flag("ALLOW_FICTIONAL_NUMBERS", false),
                env.integer("MAX_BODY_LENGTH", 1600, 160, 10_000),
                env.seconds("IDEMPOTENCY_LEASE_SECONDS", Duration.ofSeconds(30)),
                env.seconds("IDEMPOTENCY_RETENTION_SECONDS", Duration.ofDays(3)),
                ComplianceReplies.from(env));
    }
}
