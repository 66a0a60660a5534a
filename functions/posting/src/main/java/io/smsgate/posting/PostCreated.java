package io.smsgate.posting;

import io.smsgate.shared.domain.PublishedMessage;
import java.time.Instant;
import java.util.Objects;

/** A text was posted for an account. The same post is announced again only with the same {@code postId}. */
public record PostCreated(
        String type,
        int version,
        String postId,
        String accountId,
        String text,
        String source,
        String country,
        Instant createdAt) implements PostEvent {
    public static final String TYPE = "PostCreated";
    public static final int VERSION = 1;

    public PostCreated {
        PublishedMessage.requireEnvelope(TYPE, VERSION, type, version);
        Objects.requireNonNull(postId, "postId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    static PostCreated of(Post post) {
        return new PostCreated(TYPE, VERSION, post.postId(), post.accountId(), post.text(), Post.SOURCE, post.country(),
                post.createdAt());
    }
}
