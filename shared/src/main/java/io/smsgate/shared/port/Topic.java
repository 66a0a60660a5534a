package io.smsgate.shared.port;

import io.smsgate.shared.domain.PublishedMessage;

/** A topic a service publishes one kind of message to. */
public interface Topic<M extends PublishedMessage> {
    void publish(M message);
}
