package io.smsgate.posting;

import io.smsgate.shared.domain.PublishedMessage;
import java.time.Instant;
import java.util.Objects;

/**
 * Wrong PINs in a row locked an account's SMS posting: tell the account (mail, in-app) that someone
 * may hold its number. Posting stays off until the account turns it on again in its settings.
 */
public record PostingLocked(
        String type,
        int version,
        String accountId,
        String country,
        Instant lockedAt,
        int failedPins) implements PostEvent {
    public static final String TYPE = "PostingLocked";
    public static final int VERSION = 1;

    public PostingLocked {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(lockedAt, "lockedAt");
    }

    static PostingLocked of(String accountId, String country, Instant lockedAt, int failedPins) {
        return new PostingLocked(TYPE, VERSION, accountId, country, lockedAt, failedPins);
    }
}
