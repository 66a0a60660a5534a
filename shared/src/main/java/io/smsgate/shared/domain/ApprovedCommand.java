package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A command the country policy allowed, published by CountryPolicyFunction to ApprovedCommandsTopic.
 * It carries the policy facts downstream functions need ({@code postingAuth}, the SIM-swap check, the
 * posting limit, which policy item applied), so they do not read the policy table again. Those facts
 * are trusted only because the message carries CountryPolicyFunction's MAC ({@code mac}, written and
 * checked in {@code io.smsgate.shared.security}); the sender and body stay sealed to the inbound id.
 */
public record ApprovedCommand(
        String type,
        int version,
        String inboundMessageId,
        CommandName command,
        String country,
        SealedNumber sender,
        String destinationNumber,
        String sealedText,
        Instant receivedAt,
        String policyScope,
        PostingAuth postingAuth,
        SimSwapCheck simSwapCheck,
        Integer simSwapMaxAgeHours,
        int maxPostsPerHourPerAccount,
        Instant approvedAt) implements PublishedMessage {
    public static final String TYPE = "ApprovedCommand";
    public static final int VERSION = 1;
    /** The {@code policyScope} of a safety command: approved by no policy item, since no policy may block it. */
    public static final String SAFETY_SCOPE = "SAFETY";

    public ApprovedCommand {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(inboundMessageId, "inboundMessageId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(policyScope, "policyScope");
        Objects.requireNonNull(postingAuth, "postingAuth");
        // A command published before the SIM-swap fields existed carries neither: no check, as then.
        simSwapCheck = simSwapCheck == null ? SimSwapCheck.OFF : simSwapCheck;
        simSwapMaxAgeHours = simSwapMaxAgeHours == null || simSwapMaxAgeHours <= 0 ? SimSwapCheck.DEFAULT_MAX_AGE_HOURS
                : simSwapMaxAgeHours;
        Objects.requireNonNull(approvedAt, "approvedAt");
    }

    /** The command as approved under {@code policy} (the country's item or the default). */
    public static ApprovedCommand approve(SmsCommand command, CountryPolicy policy, Instant at) {
        return new ApprovedCommand(TYPE, VERSION, command.inboundMessageId(), command.command(), command.country(),
                command.sender(), command.destinationNumber(), command.sealedText(), command.receivedAt(), policy.scope(),
                policy.postingAuth(), policy.simSwapCheck(), policy.simSwapMaxAgeHours(), policy.maxPostsPerHourPerAccount(), at);
    }

    /**
     * A safety command (UNDO), approved without reading the policy, which may not block it: in every
     * country, under the global kill switch, and when the policy table cannot be read. It carries no
     * country facts: scope {@link #SAFETY_SCOPE}, the default posting auth (PIN) and no posting allowance,
     * so nothing downstream can mistake it for permission to post.
     */
    public static ApprovedCommand safety(SmsCommand command, Instant at) {
        if (!command.command().safety()) {
            throw new IllegalArgumentException(command.command() + " is not a safety command");
        }
        return new ApprovedCommand(TYPE, VERSION, command.inboundMessageId(), command.command(), command.country(),
                command.sender(), command.destinationNumber(), command.sealedText(), command.receivedAt(), SAFETY_SCOPE,
                PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, at);
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("command", command.name(), "country", country);
    }
}
