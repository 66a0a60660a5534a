package io.smsgate.twofactor;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.MessageFeedback;
import io.smsgate.shared.log.LogContext;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageFeedbackReader;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The door out's other errand: conversion feedback. VerificationApiFunction publishes a {@link
 * MessageFeedback} when a check approves a code; it reaches SendSmsFunction through TextSendQueue, and
 * this gives it to End User Messaging ({@code PutMessageFeedback} RECEIVED).
 *
 * <ol>
 *   <li>Read by {@link MessageFeedbackReader}: one without a valid MAC (made by this deployment's API) is
 *       logged with its reason and dropped ({@code SmsRequestRejected}), like a forged text request.</li>
 *   <li>No claim, no pacing slot, no budget, no wait for codes: it is not a text, and giving the same
 *       feedback twice sets the same status, so a redelivery needs no guard.</li>
 *   <li>Given: {@code MessageFeedback} {Status=RECEIVED}. Refused for good (the message id unknown to End
 *       User Messaging, an invalid request): logged with a reason code, {@code MessageFeedbackDropped}
 *       {Reason}, not retried. Throttled: {@link SendOutcome.FeedbackThrottled}, back on its queue. A
 *       server error or no answer throws, so the handler reports a batch item failure (back in 10 s,
 *       dead-lettered if it persists).</li>
 * </ol>
 */
final class MessageFeedbackService {
    private static final Logger LOG = LoggerFactory.getLogger(MessageFeedbackService.class);
    private static final Duration THROTTLED_RETRY = Duration.ofSeconds(1);

    private final MessageFeedbackReader reader;
    private final ConversionFeedback provider;
    private final Metrics metrics;

    MessageFeedbackService(KeyRing keys, ConversionFeedback provider, Metrics metrics) {
        this.reader = new MessageFeedbackReader(keys);
        this.provider = provider;
        this.metrics = metrics;
    }

    /** One MessageFeedback from the queue, already parsed as a JSON object ({@code snsMessageId} for the log of a rejection). */
    SendOutcome give(JsonNode message, String snsMessageId) {
        return switch (reader.read(message)) {
            case MessageFeedbackReader.Dropped dropped -> {
                SendOutcome.Rejection reason = SendOutcome.Rejection.of(dropped.reason());
                LOG.warn("feedback request rejected: reason={} detail={} messageId={} snsMessageId={}", reason, dropped.detail(),
                        dropped.messageId(), snsMessageId);
                metrics.count("SmsRequestRejected", "Reason", reason.name());
                yield new SendOutcome.Rejected(reason);
            }
            case MessageFeedbackReader.Accepted accepted -> give(accepted.feedback());
        };
    }

    private SendOutcome give(MessageFeedback feedback) {
        try (LogContext ignored = LogContext.put(LogContext.VERIFICATION_ID, feedback.verificationId())) {
            ConversionFeedback.Result result;
            try {
                result = provider.received(feedback.messageId());
            } catch (ConversionFeedback.Retry e) {
                if (!e.throttled()) {
                    LOG.warn("feedback {} for message {} not given: {} (will be retried)", feedback.status(), feedback.messageId(),
                            e.getMessage());
                    throw e;
                }
                LOG.info("feedback {} for message {} put back for later: reason=THROTTLED", feedback.status(), feedback.messageId());
                metrics.count("SmsSendDeferred", Map.of("Kind", MessageFeedback.KIND, "Reason", SendOutcome.DeferReason.THROTTLED.name()));
                return new SendOutcome.FeedbackThrottled(feedback.messageId(), THROTTLED_RETRY);
            }
            return switch (result) {
                case ConversionFeedback.Result.Given given -> {
                    LOG.info("feedback {} given for message {} ({})", feedback.status(), feedback.messageId(), feedback.country());
                    metrics.count("MessageFeedback", Map.of("Status", feedback.status().name()));
                    yield new SendOutcome.FeedbackGiven(feedback.messageId());
                }
                case ConversionFeedback.Result.Refused refused -> {
                    LOG.warn("feedback {} for message {} dropped: reason={} provider={}", feedback.status(), feedback.messageId(),
                            refused.reason(), refused.providerError());
                    metrics.count("MessageFeedbackDropped", Map.of("Reason", refused.reason()));
                    yield new SendOutcome.FeedbackDropped(feedback.messageId(), refused.reason());
                }
            };
        }
    }
}
