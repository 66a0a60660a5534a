package io.smsgate.shared.security;

import java.util.Objects;

/** Why a message reader dropped a message: a reason code for the consumer's log line and metric. */
public enum MessageRejection {
    /** Not a JSON object of the type and version read, or a field missing or out of range. */
    MALFORMED,
    /** No {@code mac}: not made by a producer of this deployment (or by a build from before MACs). */
    MAC_MISSING,
    /** A {@code mac} of a version this build does not know. */
    MAC_UNKNOWN_VERSION,
    /**
     * A {@code mac} or a sealed value made with a key id the deployment's secret no longer holds (retired
     * by a rotation), or a form without a key id (from before the key split) once those are refused.
     */
    KEY_UNKNOWN,
    /** A {@code mac} that does not match: forged, altered, another message type's key, another deployment's. */
    MAC_INVALID,
    /** The sealed number does not open for this message (another deployment's key, altered, copied from another message). */
    SEAL_INVALID,
    /** The sealed body does not open for this message. */
    TEXT_SEAL_INVALID;

    /** The rejection a failed MAC check is. */
    static MessageRejection of(KeyRing.MacCheck check) {
        Objects.requireNonNull(check, "check");
        return switch (check) {
            case MISSING -> MAC_MISSING;
            case UNKNOWN_VERSION -> MAC_UNKNOWN_VERSION;
            case UNKNOWN_KEY -> KEY_UNKNOWN;
            case INVALID -> MAC_INVALID;
            case VALID -> throw new IllegalArgumentException("a valid MAC is no rejection");
        };
    }

    /** The rejection a sealed value that did not open is: {@link #KEY_UNKNOWN} for a key id not held, else {@code otherwise}. */
    static MessageRejection sealed(KeyRing.TamperedException e, MessageRejection otherwise) {
        return e instanceof KeyRing.UnknownKeyException ? KEY_UNKNOWN : otherwise;
    }
}
