package io.smsgate.twofactor;

import io.smsgate.shared.log.Masking;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where texts leave the system. {@link #send} answers {@link Result.Sent} or {@link Result.Rejected}
 * (refused for good: opted out at the provider, an invalid or blocked destination, a spend limit) and
 * throws {@link io.smsgate.shared.port.TransientFaultException} when the request cannot have been
 * sent and a later attempt may succeed (throttling, a refused connection), so the platform retries,
 * and {@link OutcomeUnknownException} when it may have been sent.
 */
interface SmsProvider {
    /**
     * A text to send; {@code timeToLive} null for "the provider's default"; {@code context} never holds a
     * number or code. {@code converts}: a code, whose conversion is tracked: End User Messaging is told to
     * expect feedback ({@code MessageFeedbackEnabled}), and {@link ConversionFeedback} reports the code entered.
     */
    record OutgoingSms(String destination, String body, Duration timeToLive, Map<String, String> context, boolean converts) {
        public OutgoingSms {
            Objects.requireNonNull(destination, "destination");
            Objects.requireNonNull(body, "body");
            context = Map.copyOf(context);
        }

        /** A text whose conversion is not tracked (a reply). */
        public OutgoingSms(String destination, String body, Duration timeToLive, Map<String, String> context) {
            this(destination, body, timeToLive, context, false);
        }

        /** Masked number, no body (a body may hold a code). */
        @Override
        public String toString() {
            return "OutgoingSms[to=" + Masking.phone(destination) + ", " + body.length() + " chars, ttl=" + timeToLive
                    + ", context=" + context + ", converts=" + converts + "]";
        }
    }

    sealed interface Result {
        record Sent(String messageId) implements Result {
        }

        /** {@code reason}: the provider's error and reason code, e.g. {@code ConflictException/DESTINATION_PHONE_NUMBER_OPTED_OUT}. */
        record Rejected(String reason) implements Result {
        }
    }

    Result send(OutgoingSms sms);

    /**
     * End User Messaging refused the request for the rate (HTTP 400 ThrottlingException): nothing was
     * sent. The request goes back on its queue for later; it is never dead-lettered for this.
     */
    final class ThrottledException extends io.smsgate.shared.port.TransientFaultException {
        ThrottledException(String message) {
            super(message);
        }
    }

    /**
     * The request may have reached End User Messaging and the text may be on its way (a server error,
     * a timeout or a connection cut after the request was written): it must not be sent again. The
     * request is finished as UNKNOWN (a code's verification says so): exactly one text, or an honest UNKNOWN.
     */
    final class OutcomeUnknownException extends io.smsgate.shared.port.TransientFaultException {
        OutcomeUnknownException(String message) {
            super(message);
        }
    }
}
