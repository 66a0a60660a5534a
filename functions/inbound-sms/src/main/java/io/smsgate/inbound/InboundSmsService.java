package io.smsgate.inbound;

import io.smsgate.shared.domain.Command;
import io.smsgate.shared.domain.CommandName;
import io.smsgate.shared.domain.CommandParser;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.SmsCommand;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.IdempotencyGuard;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.OptOutStore;
import io.smsgate.shared.port.Topic;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.SealContext;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One inbound text, start to end: validate; STOP/START/HELP claim the text's {@code inboundMessageId}
 * (a redelivery does nothing) and are recorded and answered here, in every country, before any policy;
 * everything else (POST, UNDO) goes to CommandsTopic on every delivery, the sender and the body sealed to
 * the inbound id (the body, a PIN in it, is opened only by PostingFunction, which acts on it once per
 * inbound id: no claim here, no DynamoDB call on a post's way through this function). Bad input is logged, counted and dropped without a write;
 * AWS faults propagate so Lambda retries, after the claim is released.
 */
final class InboundSmsService {
    private static final Logger LOG = LoggerFactory.getLogger(InboundSmsService.class);

    private final InboundSmsValidator validator;
    private final CommandParser parser;
    private final IdempotencyGuard guard;
    private final OptOutStore optOuts;
    private final Topic<SmsCommand> commands;
    private final Topic<OutboundSms> outbound;
    private final KeyRing keys;
    private final ComplianceReplies replies;
    private final boolean selfManagedOptOuts;
    private final Metrics metrics;
    private final Clock clock;

    InboundSmsService(InboundSmsValidator validator, CommandParser parser, IdempotencyGuard guard, OptOutStore optOuts,
                      Topic<SmsCommand> commands, Topic<OutboundSms> outbound, KeyRing keys, ComplianceReplies replies,
                      boolean selfManagedOptOuts, Metrics metrics, Clock clock) {
        this.validator = validator;
        this.parser = parser;
        this.guard = guard;
        this.optOuts = optOuts;
        this.commands = commands;
        this.outbound = outbound;
        this.keys = keys;
        this.replies = replies;
        this.selfManagedOptOuts = selfManagedOptOuts;
        this.metrics = metrics;
        this.clock = clock;
    }

    InboundOutcome handle(InboundDelivery delivery) {
        InboundSmsValidator.Result result = validator.validate(delivery.message());
        if (result instanceof InboundSmsValidator.Invalid invalid) {
            return reject(invalid, delivery);
        }
        InboundSmsValidator.Valid valid = (InboundSmsValidator.Valid) result;
        String id = valid.sms().inboundMessageId();
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, id)) {
            Command command = parser.parse(valid.sms().messageBody());
            Instant receivedAt = delivery.publishedAt() == null ? clock.instant() : delivery.publishedAt();
            switch (command) {
                // Forwarded on every delivery, without a claim: what a POST or an UNDO does happens in
                // PostingFunction, which makes it once per inboundMessageId (a post's id is derived from it, an
                // UNDO meets its own tombstone, both kept longer than a claim), as it must anyway because
                // CommandsTopic and ApprovedCommandsTopic deliver at least once too.
                case Command.Post post -> {
                    return forward(valid, command, post.text(), receivedAt);
                }
                case Command.Undo undo -> {
                    return forward(valid, command, null, receivedAt);
                }
                default -> {
                    // STOP/START/HELP act here: claimed below.
                }
            }
            String key = "InboundSms#" + id;
            switch (guard.claim(key, clock.instant())) {
                case ALREADY_DONE -> {
                    LOG.info("inbound SMS already handled: redelivery ignored");
                    metrics.count("InboundDuplicate", Map.of());
                    return new InboundOutcome.Duplicate();
                }
                case IN_PROGRESS -> throw new TransientFaultException("inbound SMS " + id + " is being handled by another attempt");
                case ACQUIRED -> {
                    // First time: act below.
                }
            }
            InboundOutcome outcome;
            try {
                outcome = act(valid, command, receivedAt);
            } catch (RuntimeException e) {
                releaseQuietly(key, e);
                throw e;
            }
            guard.complete(key, clock.instant());
            return outcome;
        }
    }

    private InboundOutcome act(InboundSmsValidator.Valid valid, Command command, Instant receivedAt) {
        return switch (command) {
            case Command.OptOut optOut -> optChange(valid, command, OptOutStore.Status.OPTED_OUT, optOut.keyword(),
                    OutboundSms.Purpose.OPT_OUT_CONFIRMATION, replies.optOut(), receivedAt);
            case Command.OptIn optIn -> optChange(valid, command, OptOutStore.Status.OPTED_IN, optIn.keyword(),
                    OutboundSms.Purpose.OPT_IN_CONFIRMATION, replies.optIn(), receivedAt);
            case Command.Help help -> help(valid);
            case Command.Post post -> forward(valid, command, post.text(), receivedAt);
            case Command.Undo undo -> forward(valid, command, null, receivedAt);
        };
    }

    private InboundOutcome optChange(InboundSmsValidator.Valid valid, Command command, OptOutStore.Status status,
                                     String keyword, OutboundSms.Purpose purpose, String reply, Instant receivedAt) {
        PhoneNumber sender = valid.sender();
        String id = valid.sms().inboundMessageId();
        boolean applied = optOuts.record(new OptOutStore.Change(keys.phoneKey(sender), status, keyword, receivedAt, id));
        boolean replied = applied && selfManagedOptOuts;
        if (replied) {
            requestReply(valid, purpose, reply);
        }
        LOG.info("{} from {} ({}): recorded={}, reply requested={}", status, sender.masked(), keyword, applied, replied);
        metrics.countBy("InboundAccepted", Map.of("Command", command.name().name()), "Country", sender.country().value());
        return new InboundOutcome.Compliance(command.name(), applied, replied);
    }

    private InboundOutcome help(InboundSmsValidator.Valid valid) {
        if (selfManagedOptOuts) {
            requestReply(valid, OutboundSms.Purpose.HELP, replies.help());
        }
        LOG.info("HELP from {}: reply requested={}", valid.sender().masked(), selfManagedOptOuts);
        metrics.countBy("InboundAccepted", Map.of("Command", CommandName.HELP.name()), "Country", valid.sender().country().value());
        return new InboundOutcome.Compliance(CommandName.HELP, true, selfManagedOptOuts);
    }

    private InboundOutcome forward(InboundSmsValidator.Valid valid, Command command, String text, Instant receivedAt) {
        PhoneNumber sender = valid.sender();
        String id = valid.sms().inboundMessageId();
        SealContext context = SealContext.inbound(id);
        commands.publish(SmsCommand.of(id, command.name(), sender.country(), keys.seal(sender, context),
                valid.sms().destinationNumber().strip(), keys.sealText(text, context), receivedAt));
        LOG.info("{} from {} forwarded for the {} policy", command.name(), sender.masked(), sender.country());
        metrics.countBy("InboundAccepted", Map.of("Command", command.name().name()), "Country", sender.country().value());
        return new InboundOutcome.Forwarded(command.name(), sender.country().value());
    }

    private void requestReply(InboundSmsValidator.Valid valid, OutboundSms.Purpose purpose, String text) {
        String id = valid.sms().inboundMessageId();
        String requestId = id + "#reply";
        outbound.publish(OutboundSms.text(requestId, purpose, keys.seal(valid.sender(), SealContext.outbound(requestId)),
                valid.sender().country(), text, id, clock.instant()));
    }

    private InboundOutcome reject(InboundSmsValidator.Invalid invalid, InboundDelivery delivery) {
        try (LogContext ignored = LogContext.put(LogContext.INBOUND_MESSAGE_ID, invalid.inboundMessageId())) {
            LOG.warn("inbound SMS rejected: reason={} detail={} snsMessageId={}",
                    invalid.reason(), invalid.detail(), delivery.snsMessageId());
        }
        metrics.count("InboundRejected", "Reason", invalid.reason().name());
        return new InboundOutcome.Rejected(invalid.reason());
    }

    private void releaseQuietly(String key, RuntimeException cause) {
        try {
            guard.release(key);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
