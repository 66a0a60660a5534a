package io.smsgate.twofactor;

import io.smsgate.shared.config.Environment;
import java.util.Objects;

/**
 * Which origination identity (phone number, pool or sender id ARN) each kind of text leaves from. US
 * registrations are per use case (a 10DLC campaign or toll-free verification for one-time passcodes
 * is not one for customer care), so a deployment may give codes and replies their own identities; each
 * defaults to {@code ORIGINATION_IDENTITY}, the deployment's number.
 */
record OriginationIdentities(String codes, String replies) {
    OriginationIdentities {
        Objects.requireNonNull(codes, "codes");
        Objects.requireNonNull(replies, "replies");
    }

    static OriginationIdentities from(Environment env) {
        String fallback = env.require("ORIGINATION_IDENTITY");
        return new OriginationIdentities(or(env.optional("CODE_ORIGINATION_IDENTITY", ""), fallback),
                or(env.optional("REPLY_ORIGINATION_IDENTITY", ""), fallback));
    }

    /** One identity for everything. */
    static OriginationIdentities single(String identity) {
        return new OriginationIdentities(identity, identity);
    }

    /** A code (a text whose conversion is tracked) leaves from the codes' identity, every other text from the replies'. */
    String forText(SmsProvider.OutgoingSms sms) {
        return sms.converts() ? codes : replies;
    }

    private static String or(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip();
    }
}
