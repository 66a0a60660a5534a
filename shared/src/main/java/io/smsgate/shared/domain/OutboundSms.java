package io.smsgate.shared.domain;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A request to send a text, published to OutboundSmsTopic: the one door out, SendSmsFunction, decides
 * whether and how to send it. {@code requestId} makes a redelivered request send nothing twice. A CODE
 * request names its verification and never carries the code.
 */
public record OutboundSms(
        String type,
        int version,
        String requestId,
        Kind kind,
        Purpose purpose,
        SealedNumber recipient,
        String country,
        String text,
        String verificationId,
        String locale,
        String correlationId,
        Instant requestedAt) implements PublishedMessage {
    public static final String TYPE = "OutboundSms";
    public static final int VERSION = 1;

    public enum Kind { TEXT, CODE }

    /** Why a text goes out. Compliance replies go even to a number that has just opted out. */
    public enum Purpose {
        OPT_OUT_CONFIRMATION(true),
        OPT_IN_CONFIRMATION(true),
        HELP(true),
        POLICY_DENIED(false),
        POSTING_UNAVAILABLE(false),
        POSTING_REJECTED(false),
        POSTING_LOCKED(false),
        POST_CONFIRMATION(false),
        VERIFICATION_CODE(false),
        /** To a number whose link was replaced by another number's: once, with no account details. */
        PHONE_UNLINKED(false);

        private final boolean compliance;

        Purpose(boolean compliance) {
            this.compliance = compliance;
        }

        public boolean compliance() {
            return compliance;
        }
    }

    public OutboundSms {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(requestedAt, "requestedAt");
        if (kind == Kind.TEXT && (text == null || text.isBlank())) {
            throw new IllegalArgumentException("a TEXT request needs its text");
        }
        if (kind == Kind.CODE && (verificationId == null || text != null)) {
            throw new IllegalArgumentException("a CODE request names its verification and carries no text");
        }
    }

    /** A reply or notice, sent as given. */
    public static OutboundSms text(String requestId, Purpose purpose, SealedNumber recipient, CountryCode country,
                                   String text, String correlationId, Instant requestedAt) {
        return new OutboundSms(TYPE, VERSION, requestId, Kind.TEXT, purpose, recipient, country.value(), text, null,
                null, correlationId, requestedAt);
    }

    @Override
    public Map<String, String> attributes() {
        return Map.of("kind", kind.name(), "country", country);
    }
}
