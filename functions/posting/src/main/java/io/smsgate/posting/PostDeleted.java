package io.smsgate.posting;

import io.smsgate.shared.domain.PublishedMessage;
import java.time.Instant;
import java.util.Objects;

/** An SMS post was deleted by its account's UNDO: take it down wherever PostCreated put it. */
public record PostDeleted(
        String type,
        int version,
        String postId,
        String accountId,
        String source,
        String country,
        String reason,
        Instant deletedAt) implements PostEvent {
    public static final String TYPE = "PostDeleted";
    public static final int VERSION = 1;
    public static final String REASON_UNDO = "UNDO";

    public PostDeleted {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(deletedAt, "deletedAt");
    }

    static PostDeleted of(Post tombstone) {
        return new PostDeleted(TYPE, VERSION, tombstone.postId(), tombstone.accountId(), Post.SOURCE, tombstone.country(),
                REASON_UNDO, tombstone.deletedAt());
    }
}
