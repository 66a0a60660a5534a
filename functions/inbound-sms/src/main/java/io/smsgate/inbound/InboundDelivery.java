package io.smsgate.inbound;

import java.time.Instant;

/** One SNS delivery: its id (for logs when the payload itself is unusable), the payload, when SNS published it. */
record InboundDelivery(String snsMessageId, String message, Instant publishedAt) {
}
