package io.smsgate.posting;

import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.port.Topic;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * A topic whose next publish of a matching message fails, as if the function died right there (the
 * message is not published); every other publish goes through.
 */
final class FailingOnceTopic<M extends PublishedMessage> implements Topic<M> {
    static final class SimulatedCrash extends RuntimeException {
        SimulatedCrash(String message) {
            super(message, null, false, false);
        }
    }

    private final Topic<M> delegate;
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile Predicate<M> when = message -> false;

    FailingOnceTopic(Topic<M> delegate) {
        this.delegate = delegate;
    }

    /** The next publish of a message matching {@code when} fails. */
    void failNext(Predicate<M> when) {
        this.when = when;
        armed.set(true);
    }

    @Override
    public void publish(M message) {
        if (when.test(message) && armed.compareAndSet(true, false)) {
            throw new SimulatedCrash("simulated crash before publishing " + message.type());
        }
        delegate.publish(message);
    }
}
