package io.smsgate.posting;

/** What became of one approved command. */
sealed interface PostingOutcome {
    /** A new post, written and announced with PostCreated. */
    record Posted(String postId) implements PostingOutcome {
    }

    /** The account's last SMS post was deleted and PostDeleted announced. */
    record Undone(String postId) implements PostingOutcome {
    }

    /** Handled before (a redelivery): nothing new written; an announcement still pending was published. */
    record Redelivered(String postId) implements PostingOutcome {
    }

    /** Nothing posted or deleted; {@code replied} when a reply text was requested. */
    record Rejected(Rejection reason, boolean replied) implements PostingOutcome {
    }
}
