package io.smsgate.shared.security;

/** Why a message reader dropped a message: a reason code for the consumer's log line and metric. */
public enum MessageRejection {
    /** Not a JSON object of the type and version read, or a field missing or out of range. */
    MALFORMED,
    /** No {@code mac}: not made by a producer of this deployment (or by a build from before MACs). */
    MAC_MISSING,
    /** A {@code mac} of a version this build does not know. */
    MAC_UNKNOWN_VERSION,
    /** A {@code mac} that does not match: forged, altered, another message type's key, another deployment's. */
    MAC_INVALID,
    /** The sealed number does not open for this message (another deployment's key, altered, copied from another message). */
    SEAL_INVALID,
    /** The sealed body does not open for this message. */
    TEXT_SEAL_INVALID;

    /** The rejection a failed MAC check is. */
    static MessageRejection of(KeyRing.MacCheck check) {
        return switch (check) {
            case MISSING -> MAC_MISSING;
            case UNKNOWN_VERSION -> MAC_UNKNOWN_VERSION;
            case INVALID -> MAC_INVALID;
            case VALID -> throw new IllegalArgumentException("a valid MAC is no rejection");
        };
    }
}
