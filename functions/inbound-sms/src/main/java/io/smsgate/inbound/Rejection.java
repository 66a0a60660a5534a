package io.smsgate.inbound;

/** Why an inbound text was refused: the reason code in the log line and the metric dimension. */
enum Rejection {
    /** The SNS message is not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** A required field of the two-way payload is missing or not a string. */
    MISSING_FIELD,
    /** An optional field of the two-way payload (messageKeyword, previousPublishedMessageId) is not a string. */
    MALFORMED_FIELD,
    /** inboundMessageId is not an id we can key on. */
    INVALID_MESSAGE_ID,
    /** libphonenumber rejects the sender's number, or it has no country. */
    INVALID_NUMBER,
    /** The text was sent to a number that is not this deployment's. */
    UNKNOWN_DESTINATION,
    /** The sender is one of our own numbers: answering would loop. */
    SELF_ORIGINATED,
    /** Nothing to act on. */
    EMPTY_BODY,
    /** Longer than MAX_BODY_LENGTH code points. */
    BODY_TOO_LONG
}
