package io.smsgate.shared.domain;

/**
 * The two-way SMS payload End User Messaging publishes to the inbound topic, as received: nothing in it
 * is trusted until {@code InboundSmsValidator} has looked at it.
 */
public record InboundSms(
        String originationNumber,
        String destinationNumber,
        String messageKeyword,
        String messageBody,
        String inboundMessageId,
        String previousPublishedMessageId) {
}
