package io.smsgate.policy;

import io.smsgate.shared.domain.ApprovedCommand;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.CountryPolicies;
import io.smsgate.shared.port.Counters;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One command from CommandsTopic, start to end: validate it; decide it ({@link PolicyDecision}) under
 * the sender's country policy, read through a short cache; publish an approval to
 * ApprovedCommandsTopic, or ask for one denial text per number per day on OutboundSmsTopic.
 *
 * <p>Fail closed: when the policy cannot be read, nothing is approved and the fault propagates, so
 * Lambda retries and then dead-letters the command. Safety commands (UNDO) are decided without the
 * policy, so they keep working then too. Bad input is logged, counted and dropped.
 *
 * <p>At least once: a redelivered approval is published again (downstream dedupes on
 * {@code inboundMessageId}); a redelivered denial finds the number's daily slot taken and requests no
 * second text (and the request's id, derived from the inbound message, lets the sender dedupe too).
 */
final class CountryPolicyService {
    private static final Logger LOG = LoggerFactory.getLogger(CountryPolicyService.class);
    static final Duration DENIAL_REPLY_INTERVAL = Duration.ofHours(24);
    /** CountersTable keys of the denial-reply limiter; the template lets this function write only these. */
    static final String DENIAL_REPLY_KEY_PREFIX = "PolicyDenialReply#";

    private final SmsCommandValidator validator;
    private final CountryPolicies policies;
    private final Counters counters;
    private final Topic<ApprovedCommand> approved;
    private final Topic<OutboundSms> outbound;
    private final String deniedReply;
    private final KeyRing keys;
    private final Metrics metrics;
    private final Clock clock;

    CountryPolicyService(SmsCommandValidator validator, CountryPolicies policies, Counters counters,
                         Topic<ApprovedCommand> approved, Topic<OutboundSms> outbound, String deniedReply,
                         KeyRing keys, Metrics metrics, Clock clock) {
        this.validator = validator;
        this.policies = policies;
        this.counters = counters;
        this.approved = approved;
        this.outbound = outbound;
        this.deniedReply = deniedReply;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    PolicyOutcome handle(CommandDelivery delivery) {
        return switch (validator.validate(delivery.message())) {
            case SmsCommandValidator.Invalid invalid -> reject(invalid, delivery);
            case SmsCommandValidator.UnknownCommand unknown -> {
                try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, unknown.inboundMessageId())) {
                    yield deny(unknown.command(), unknown.country(), Decision.DENIED_UNKNOWN_COMMAND, Optional.empty(), null);
                }
            }
            case SmsCommandValidator.Valid valid -> {
                try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, valid.command().inboundMessageId())) {
                    yield decide(valid.command());
                }
            }
        };
    }

    private PolicyOutcome decide(SmsCommand command) {
        PolicyDecision decision = PolicyDecision.needsPolicy(command.command())
                ? PolicyDecision.of(command.command(), read(command))
                : PolicyDecision.withoutPolicy(command.command());
        return switch (decision.decision()) {
            case APPROVED -> approve(command, Decision.APPROVED,
                    ApprovedCommand.approve(command, decision.policy().orElseThrow(), clock.instant()));
            case APPROVED_SAFETY -> approve(command, Decision.APPROVED_SAFETY, ApprovedCommand.safety(command, clock.instant()));
            default -> deny(command.command().name(), command.country(), decision.decision(), decision.policy(), command);
        };
    }

    /** The policy items for the sender's country; a failed read fails closed (throws for a retry). */
    private PolicySet read(SmsCommand command) {
        try {
            return policies.forCountry(CountryCode.of(command.country()));
        } catch (RuntimeException e) {
            LOG.error("{} from {} not decided: reason=POLICY_UNAVAILABLE (failing closed: nothing approved, the platform retries) error={}",
                    command.command(), command.country(), e.toString());
            metrics.count("PolicyUnavailable", Map.of());
            throw new TransientFaultException("country policy for " + command.country() + " unreadable: failing closed", e);
        }
    }

    private PolicyOutcome approve(SmsCommand command, Decision decision, ApprovedCommand approval) {
        approved.publish(approval);
        LOG.info("{} from {} approved: reason={} policy={} postingAuth={} maxPostsPerHourPerAccount={}",
                command.command(), command.country(), decision, approval.policyScope(), approval.postingAuth(),
                approval.maxPostsPerHourPerAccount());
        count(decision, command.command().name());
        return new PolicyOutcome.Approved(decision, approval.policyScope());
    }

    /** {@code command} is null for a command this build cannot read (it gets no reply). */
    private PolicyOutcome deny(String commandName, String country, Decision decision, Optional<CountryPolicy> policy,
                               SmsCommand command) {
        boolean replied = false;
        String reply = "none";
        if (decision.repliedTo() && command != null) {
            replied = requestDenialReply(command);
            reply = replied ? "REQUESTED" : "RATE_LIMITED";
        }
        LOG.info("{} from {} denied: reason={} policy={} reply={}", commandName, country, decision,
                policy.map(CountryPolicy::scope).orElse("none"), reply);
        count(decision, commandName);
        return new PolicyOutcome.Denied(decision, policy, replied);
    }

    /**
     * At most one denial text per number per {@link #DENIAL_REPLY_INTERVAL}, so the system cannot be
     * made to text a number over and over. The slot is taken before the request is published: a fault
     * in between loses that one courtesy text, and never sends a second one.
     */
    private boolean requestDenialReply(SmsCommand command) {
        Instant now = clock.instant();
        if (!counters.oncePer(DENIAL_REPLY_KEY_PREFIX + command.sender().key(), DENIAL_REPLY_INTERVAL, now)) {
            metrics.count("PolicyDenialReply", "Result", "RATE_LIMITED");
            return false;
        }
        String requestId = command.inboundMessageId() + "#policy-denied";
        outbound.publish(OutboundSms.text(requestId, OutboundSms.Purpose.POLICY_DENIED,
                keys.reseal(command.sender(), SealContext.inbound(command.inboundMessageId()), SealContext.outbound(requestId)),
                CountryCode.of(command.country()), deniedReply, command.inboundMessageId(), now));
        metrics.count("PolicyDenialReply", "Result", "REQUESTED");
        return true;
    }

    private void count(Decision decision, String command) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Decision", decision.metricValue());
        dimensions.put("Command", command);
        metrics.count("PolicyDecision", dimensions);
    }

    private PolicyOutcome reject(SmsCommandValidator.Invalid invalid, CommandDelivery delivery) {
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, invalid.inboundMessageId())) {
            LOG.warn("command rejected: reason={} detail={} snsMessageId={}", invalid.reason(), invalid.detail(),
                    delivery.snsMessageId());
        }
        metrics.count("PolicyRejected", "Reason", invalid.reason().name());
        return new PolicyOutcome.Rejected(invalid.reason());
    }
}
