package io.smsgate.policy;

/** One SNS delivery from CommandsTopic: its id (for logs when the payload is unusable) and the payload. */
record CommandDelivery(String snsMessageId, String message) {
}
