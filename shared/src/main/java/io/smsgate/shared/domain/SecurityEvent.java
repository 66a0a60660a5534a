package io.smsgate.shared.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Something the owner of an account must hear about, published to SecurityEventsTopic for the
 * network to pass on by e-mail or app push: never by SMS to the number in question, which may be in
 * someone else's hands. No phone number, PIN or code is ever part of one.
 *
 * <p>{@code eventId} is derived from what caused the event ({@link #idFor}), so a redelivered cause
 * publishes the same id and subscribers deduplicate on it. {@code accountId} is null only for events
 * about a number no account was named for (a LOGIN start without an account id).
 * {@code changes} says what changed (for {@link Type#SmsPostingArmed}: {@link Change} names), and
 * {@code reason} why, in words of this system (a reason code), never the user's input.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecurityEvent(
        String type,
        int version,
        String eventId,
        String accountId,
        String country,
        Instant at,
        List<String> changes,
        String reason,
        String verificationId) implements PublishedMessage {
    public static final int VERSION = 1;

    /** The event types; their names are the {@code type} field. */
    public enum Type {
        /** A number was linked to the account (a verified LINK_PHONE). */
        PhoneLinked,
        /** A link was replaced (another number linked, or this number linked to another account) or removed. */
        PhoneUnlinked,
        /** SMS posting was armed: turned on, a PIN set, changed or removed, or a lock cleared. */
        SmsPostingArmed,
        /** Wrong PINs in a row locked SMS posting. */
        PostingLocked,
        /** The number's SIM changed recently: posting disarmed, or a code not sent. */
        SimSwapSuspected,
        /** Failed checks in a row stopped codes to the account's number until another factor unlocks it. */
        VerificationLocked
    }

    /** What arming changed, for {@link Type#SmsPostingArmed}. */
    public enum Change {
        SMS_POSTING_ON,
        PIN_SET,
        PIN_CHANGED,
        PIN_REMOVED,
        LOCK_CLEARED
    }

    public SecurityEvent {
        Objects.requireNonNull(type, "type");
        Type.valueOf(type);
        if (version != VERSION) {
            throw new IllegalArgumentException("not a SecurityEvent v" + VERSION + ": v" + version);
        }
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(at, "at");
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    public static SecurityEvent of(Type type, String eventId, String accountId, String country, Instant at,
                                   List<String> changes, String reason, String verificationId) {
        return new SecurityEvent(type.name(), VERSION, eventId, accountId, country, at, changes, reason, verificationId);
    }

    /**
     * A stable id for an event from what caused it (its type and, say, the account and the time of the
     * change, or the inbound message id): the same cause always gives the same id. Hashed, so the id
     * carries nothing readable, whatever the parts are (a phone key, for instance).
     */
    public static String idFor(Type type, String... cause) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(type.name().getBytes(StandardCharsets.UTF_8));
            for (String part : cause) {
                sha.update((byte) 0);
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
            }
            byte[] digest = sha.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(digest, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    /** Subscribers may filter on the event type and the country. */
    @Override
    public Map<String, String> attributes() {
        return Map.of("type", type, "country", country);
    }
}
