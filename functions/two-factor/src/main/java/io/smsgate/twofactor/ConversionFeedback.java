package io.smsgate.twofactor;

/**
 * Where conversion feedback goes: End User Messaging's {@code PutMessageFeedback}, given by the door out
 * (SendSmsFunction) for a {@link io.smsgate.shared.domain.MessageFeedback} the API published when a
 * check approved a code. Giving the same feedback twice is harmless (it sets a status), so every
 * failure that might pass is simply tried again.
 *
 * <p>{@link #received} answers {@link Result.Given} or {@link Result.Refused} (refused for good: the
 * message id is unknown to End User Messaging, or the request is invalid), and throws {@link Retry} when
 * a later attempt may succeed (throttling, a server error, no connection or no answer). A plain IAM
 * denial is a deployment fault: it propagates, so the message is retried and then dead-lettered for an
 * operator to replay.
 */
interface ConversionFeedback {
    sealed interface Result {
        record Given() implements Result {
        }

        /** {@code reason}: a reason code ({@code MESSAGE_NOT_FOUND}, {@code VALIDATION}, {@code REFUSED}) and the provider's error. */
        record Refused(String reason, String providerError) implements Result {
        }
    }

    /** The code End User Messaging sent as {@code messageId} reached a person: {@code RECEIVED}. */
    Result received(String messageId);

    /** Not given now, and worth asking again: {@code throttled} says whether to back off for the rate. */
    final class Retry extends io.smsgate.shared.port.TransientFaultException {
        private final boolean throttled;

        Retry(String message, boolean throttled) {
            super(message);
            this.throttled = throttled;
        }

        boolean throttled() {
            return throttled;
        }
    }
}
