package io.smsgate.twofactor;

import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.security.MessageRejection;

/** What became of one request on OutboundSmsTopic. */
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
        /** More than 30 texts to the number in 30 seconds: a loop between automatic responders. */
        LOOP_GUARD,
        /** End User Messaging refused it for good (opted out there, invalid or blocked destination, spend limit). */
        PROVIDER_REJECTED
    }

    /** Why a request was refused as bad input. */
    enum Rejection {
        /** Not an OutboundSms v1 JSON object. */
        MALFORMED_REQUEST,
        /** No MAC: not requested by one of this deployment's functions (or by a build from before MACs). */
        MAC_MISSING,
        /** A MAC of a version this build does not know. */
        MAC_UNKNOWN_VERSION,
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
                case MAC_INVALID -> MAC_INVALID;
                case SEAL_INVALID, TEXT_SEAL_INVALID -> SEALED_NUMBER_INVALID;
            };
        }
    }
}
