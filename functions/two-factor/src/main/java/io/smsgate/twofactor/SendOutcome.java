package io.smsgate.twofactor;

import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.security.MessageRejection;

/** What became of one request on OutboundSmsTopic: a text (OutboundSms) or conversion feedback (MessageFeedback). */
sealed interface SendOutcome {
    /** Handed to End User Messaging. */
    record Sent(OutboundSms.Kind kind, String messageId) implements SendOutcome {
    }

    /** Not sent, on purpose: a rule said no, or the provider refused it for good. Recorded, not retried. */
    record NotSent(OutboundSms.Kind kind, Reason reason) implements SendOutcome {
    }

    /** Handled before (a redelivery): nothing done. */
    record Duplicate() implements SendOutcome {
    }

    /**
     * Not now: put back on its queue for {@code retryAfter} (the pacing bucket is full, End User Messaging
     * throttled, codes go first, or a transient fault). Nothing was sent and nothing stays counted.
     */
    record Deferred(OutboundSms.Kind kind, DeferReason reason, java.time.Duration retryAfter) implements SendOutcome {
    }

    /**
     * Handed over, but End User Messaging gave no answer (a timeout, a server error): perhaps sent. Never
     * sent again automatically; a code's verification records UNKNOWN.
     */
    record Unknown(OutboundSms.Kind kind) implements SendOutcome {
    }

    /** Why a send was put back for later; the {@code SmsSendDeferred} metric's Reason. */
    enum DeferReason {
        /** The shared bucket had no slot within what this execution could wait. */
        PACED,
        /** End User Messaging answered ThrottlingException. */
        THROTTLED,
        /** A reply waits while codes are queued or being sent. */
        CODES_FIRST,
        /** Another attempt holds the request (or one died holding it: its lease runs out first). */
        IN_PROGRESS,
        /** A transient fault before anything was handed over (DynamoDB, a refused connection). */
        FAULT
    }

    /**
     * Conversion feedback (a MessageFeedback, not a text) given to End User Messaging: it took no pacing
     * slot, budget or claim.
     */
    record FeedbackGiven(String messageId) implements SendOutcome {
    }

    /**
     * Feedback End User Messaging refused for good ({@code reason}: {@code MESSAGE_NOT_FOUND}, {@code
     * VALIDATION}, {@code REFUSED}): logged, counted ({@code MessageFeedbackDropped}), not retried.
     */
    record FeedbackDropped(String messageId, String reason) implements SendOutcome {
    }

    /**
     * End User Messaging throttled the feedback: it comes back after {@code retryAfter} (growing with its
     * receives), alone: it holds no slot, so the rest of its batch goes on.
     */
    record FeedbackThrottled(String messageId, java.time.Duration retryAfter) implements SendOutcome {
    }

    /** Not a request this function can act on: logged, counted, nothing written. */
    record Rejected(Rejection reason) implements SendOutcome {
    }

    /** Why a valid request was not sent; the log's reason code and the metric's dimension. */
    enum Reason {
        /** The verification is not in the table (expired long ago, or never stored). */
        VERIFICATION_NOT_FOUND,
        /** The verification was approved or locked meanwhile. */
        VERIFICATION_CLOSED,
        VERIFICATION_EXPIRED,
        /** The code waited in its queue until its verification expired: dropped, and the verification says so. */
        EXPIRED_IN_QUEUE,
        /** A reply still queued {@code STALE_REPLY_SECONDS} after it was requested: too late to help. */
        STALE_REPLY,
        /** A later send request of the same verification was handled already. */
        STALE_REQUEST,
        /** The verification had its {@code MAX_SENDS_PER_VERIFICATION} codes. */
        MAX_SENDS,
        /** The last code went out less than {@code RESEND_COOLDOWN_SECONDS} ago. */
        RESEND_COOLDOWN,
        /** The number texted STOP (compliance replies still go). */
        OPTED_OUT,
        /** The country policy (or the global switch) has codes by SMS off for the number's country. */
        POLICY_DENIED,
        BUDGET_NUMBER_HOURLY,
        BUDGET_COUNTRY_HOURLY,
        BUDGET_GLOBAL_DAILY,
        /** The country's replies this hour (the policy's {@code maxRepliesPerHourPerCountry}). */
        BUDGET_REPLY_COUNTRY_HOURLY,
        /** The deployment's replies today ({@code GLOBAL_DAILY_REPLY_BUDGET}). */
        BUDGET_REPLY_GLOBAL_DAILY,
        /** A courtesy reply to a country where both SMS posting and SMS codes are off: nothing there to help with. */
        REPLY_COUNTRY_CLOSED,
        /** More STOP/START/HELP confirmations to the number this hour than a person asks for. */
        CONFIRMATIONS_RATE_LIMITED,
        /** More texts to the number in a short while than a person can type answers to: a loop between automatic responders. */
        LOOP_GUARD,
        /** End User Messaging refused it for good (opted out there, invalid or blocked destination, spend limit). */
        PROVIDER_REJECTED
    }

    /** Why a request was refused as bad input. */
    enum Rejection {
        /** Not an OutboundSms v1 or MessageFeedback v1 JSON object. */
        MALFORMED_REQUEST,
        /** No MAC: not requested by one of this deployment's functions (or by a build from before MACs). */
        MAC_MISSING,
        /** A MAC of a version this build does not know. */
        MAC_UNKNOWN_VERSION,
        /** The MAC or the sealed recipient was made with a key id the deployment's secret no longer holds (retired by a rotation). */
        KEY_UNKNOWN,
        /** A MAC that does not match: forged, altered, another type's or another deployment's key. */
        MAC_INVALID,
        /** The recipient was not sealed with this deployment's key for this request, or was altered. */
        SEALED_NUMBER_INVALID,
        /** A CODE request whose request id or recipient does not belong to its verification. */
        REQUEST_MISMATCH;

        /** The rejection for what the reader said. */
        static Rejection of(MessageRejection reason) {
            return switch (reason) {
                case MALFORMED -> MALFORMED_REQUEST;
                case MAC_MISSING -> MAC_MISSING;
                case MAC_UNKNOWN_VERSION -> MAC_UNKNOWN_VERSION;
                case KEY_UNKNOWN -> KEY_UNKNOWN;
                case MAC_INVALID -> MAC_INVALID;
                case SEAL_INVALID, TEXT_SEAL_INVALID -> SEALED_NUMBER_INVALID;
            };
        }
    }
}
