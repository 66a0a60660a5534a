package io.smsgate.policy;

/** Why a message on CommandsTopic was refused as bad input: the reason code in the log line and the metric. */
enum Rejection {
    /** The SNS message is not JSON, or not a JSON object. */
    MALFORMED_JSON,
    /** JSON, but not an SmsCommand ({@code type} is missing or another message's). */
    WRONG_TYPE,
    /** An SmsCommand of a version this function does not read. */
    UNSUPPORTED_VERSION,
    /** A required field is missing or has the wrong shape (the field is named in the log). */
    MISSING_FIELD,
    /** inboundMessageId is not an id we can key on. */
    INVALID_MESSAGE_ID,
    /** {@code country} is not an ISO 3166-1 alpha-2 code. */
    INVALID_COUNTRY,
    /** The sealed sender was not made with this deployment's secret, or belongs to another country. */
    INVALID_SENDER,
    /** The sealed sender was made with a key id the deployment's secret no longer holds (retired by a rotation). */
    KEY_UNKNOWN,
    /** A field passed on unopened is longer than InboundSmsFunction could ever have made it. */
    FIELD_TOO_LONG
}
