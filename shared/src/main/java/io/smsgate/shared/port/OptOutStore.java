package io.smsgate.shared.port;

import java.time.Instant;
import java.util.Optional;

/**
 * Who said STOP. Keyed by the number's HMAC; the number itself is never stored here. Texts can arrive
 * out of order, so a change applies only if it is newer than the one recorded.
 */
public interface OptOutStore {
    enum Status { OPTED_OUT, OPTED_IN }

    record Change(String phoneKey, Status status, String keyword, Instant at, String inboundMessageId) {
    }

    /** Records the change; false when a newer change was already recorded (this one is stale). */
    boolean record(Change change);

    Optional<Status> statusOf(String phoneKey);

    default boolean isOptedOut(String phoneKey) {
        return statusOf(phoneKey).filter(Status.OPTED_OUT::equals).isPresent();
    }
}
