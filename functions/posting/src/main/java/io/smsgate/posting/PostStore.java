package io.smsgate.posting;

import io.smsgate.shared.domain.PhoneLink;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** PostsTable: SMS posts by id, and each account's posts by time (by receipt for UNDO, by creation for listing). */
interface PostStore {
    /** The post, read consistently; tombstones included. */
    Optional<Post> find(String postId);

    enum Created {
        /** Written. */
        CREATED,
        /** A post with its id exists (a redelivery or a race). */
        EXISTS,
        /** Not written: the link is no longer as the post was judged against (see below). */
        LINK_CHANGED,
        /** Not written: the account's posts this hour reached the limit ({@code hourly}). */
        RATE_LIMITED
    }

    /**
     * Writes a new post unless one with its id exists, in one transaction with a check that the link it
     * was judged against is still so: the same account, link time, arming and PIN, posting on, not
     * locked. With {@code endGuessRun} the right PIN's run of guesses ends in the same write. The
     * account's hourly post counter ({@code hourly}) counts the post in that write too, unless it is at
     * its limit: a post is counted once, when it is written, however often its text is delivered. When
     * several refuse, EXISTS comes first, then LINK_CHANGED, then RATE_LIMITED. With {@code upgradedPinHash}
     * (the right PIN hashed afresh because the link's hash predates the key split) the link's hash is
     * replaced in that write too, so the legacy pepper stops being needed as accounts post.
     */
    Created create(Post post, PhoneLink judgedAgainst, boolean endGuessRun, String upgradedPinHash,
                   io.smsgate.shared.port.Counters.Limit hourly);

    /** {@link #create(Post, PhoneLink, boolean, String, io.smsgate.shared.port.Counters.Limit)} with no hash to replace. */
    default Created create(Post post, PhoneLink judgedAgainst, boolean endGuessRun, io.smsgate.shared.port.Counters.Limit hourly) {
        return create(post, judgedAgainst, endGuessRun, null, hourly);
    }

    /** PostCreated (and the confirmation, if any) went out. */
    void markPublished(String postId);

    /**
     * The account's SMS posts whose text was received at or before {@code atOrBefore}, newest received
     * first, deleted or not (tombstones included), at most {@code limit}. The index behind it is
     * eventually consistent.
     */
    List<Post> receivedBefore(String accountId, Instant atOrBefore, int limit);

    /**
     * Turns the post into a tombstone (text removed) deleted by {@code undoMessageId}, unless it is
     * deleted already; empty then. Returns the tombstone.
     */
    Optional<Post> markDeleted(String postId, String undoMessageId, Instant at, Instant expiresAt);

    /** PostDeleted went out. */
    void markDeletePublished(String postId);
}
