package io.smsgate.posting;

import io.smsgate.shared.domain.PublishedMessage;
import java.util.Map;

/**
 * What PostsTopic carries: the system's output to the rest of the network. JSON with {@code type}
 * and {@code version}; as SNS message attributes only {@code kind} (the type, for subscriptions that
 * want one kind) and {@code country}. Never a phone number. Delivery is at least once: consumers
 * dedupe PostCreated and PostDeleted on {@code postId}. (PostingLocked is a security event now, on
 * SecurityEventsTopic: {@link io.smsgate.shared.domain.SecurityEvent}.)
 */
public sealed interface PostEvent extends PublishedMessage permits PostCreated, PostDeleted {
    String accountId();

    String country();

    @Override
    default Map<String, String> attributes() {
        return Map.of("kind", type(), "country", country());
    }
}
