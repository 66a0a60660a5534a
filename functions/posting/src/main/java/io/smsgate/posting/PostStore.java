package io.smsgate.posting;

import java.time.Instant;
import java.util.Optional;

/** PostsTable: SMS posts by id, and each account's posts by time (for UNDO and listing). */
interface PostStore {
    /** The post, read consistently; tombstones included. */
    Optional<Post> find(String postId);

    /** Writes a new post unless one with its id exists; false when it existed (a redelivery or a race). */
    boolean create(Post post);

    /** PostCreated (and the confirmation, if any) went out. */
    void markPublished(String postId);

    /**
     * The account's most recent SMS post created at or before {@code atOrBefore}, deleted or not (so a
     * second UNDO meets the tombstone of the first and deletes nothing more). The index behind it is
     * eventually consistent.
     */
    Optional<Post> latest(String accountId, Instant atOrBefore);

    /**
     * Turns the post into a tombstone (text removed) deleted by {@code undoMessageId}, unless it is
     * deleted already; empty then. Returns the tombstone.
     */
    Optional<Post> markDeleted(String postId, String undoMessageId, Instant at, Instant expiresAt);

    /** PostDeleted went out. */
    void markDeletePublished(String postId);
}
