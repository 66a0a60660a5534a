package io.smsgate.posting;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One SMS post in PostsTable. The item doubles as the outbox for its announcements: {@code published}
 * says PostCreated (and the confirmation text, if asked for) went out; after an UNDO the item stays as
 * a tombstone without its text ({@code deletedAt}, {@code deletedBy} = the UNDO's message id,
 * {@code deletePublished} for PostDeleted) until {@code expiresAt}. No phone number, no phone key.
 */
record Post(
        String postId,
        String accountId,
        String text,
        String country,
        String inboundMessageId,
        Instant receivedAt,
        Instant createdAt,
        boolean confirm,
        boolean published,
        Instant deletedAt,
        String deletedBy,
        boolean deletePublished) {

    static final String SOURCE = "sms";

    Post {
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(inboundMessageId, "inboundMessageId");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new post, not yet announced. */
    static Post create(String accountId, String text, String country, String inboundMessageId, Instant receivedAt,
                       Instant createdAt, boolean confirm) {
        return new Post(idFor(inboundMessageId), accountId, text, country, inboundMessageId, receivedAt, createdAt,
                confirm, false, null, null, false);
    }

    /**
     * The post id for a text: a name-based UUID of its {@code inboundMessageId}, so every delivery of
     * the same text names the same post and the write is idempotent.
     */
    static String idFor(String inboundMessageId) {
        return UUID.nameUUIDFromBytes(("smsgate/post/" + inboundMessageId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    boolean deleted() {
        return deletedAt != null;
    }
}
