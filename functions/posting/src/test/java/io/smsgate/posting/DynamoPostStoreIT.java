package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The PostsTable adapter against the emulator, on the table and index template.yaml defines. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoPostStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private DynamoPostStore store;

    @BeforeEach
    void setUp(Stack stack) {
        store = new DynamoPostStore(stack.dynamoDb(), stack.physicalId("PostsTable"));
    }

    @Test
    void aPostIsWrittenOnceAndReadBackAsWritten() {
        Post post = Post.create("alice", "Hello 🙂", "GB", "m-1", T0.minusSeconds(1), T0.plusMillis(123), true);

        assertThat(store.create(post)).isTrue();
        assertThat(store.create(post)).as("same id: not written again").isFalse();
        assertThat(store.find(post.postId())).contains(post);

        store.markPublished(post.postId());
        assertThat(store.find(post.postId()).orElseThrow().published()).isTrue();
        assertThat(store.find("no-such-post")).isEmpty();
    }

    @Test
    void latestIsTheAccountsMostRecentPostAtOrBeforeAGivenTime() {
        Post first = post("alice", "m-1", T0);
        Post second = post("alice", "m-2", T0.plusSeconds(60));
        Post third = post("alice", "m-3", T0.plusSeconds(120));
        Post bobs = post("bob", "m-4", T0.plusSeconds(90));
        for (Post p : new Post[] {second, bobs, third, first}) {
            store.create(p);
        }

        assertThat(store.latest("alice", T0.plusSeconds(300))).contains(third);
        assertThat(store.latest("alice", T0.plusSeconds(120))).as("at, inclusive").contains(third);
        assertThat(store.latest("alice", T0.plusSeconds(119))).contains(second);
        assertThat(store.latest("alice", T0.minusMillis(1))).isEmpty();
        assertThat(store.latest("bob", T0.plusSeconds(300))).contains(bobs);
        assertThat(store.latest("carol", T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void aDeletedPostBecomesATombstoneOnceAndStaysTheLatest() {
        Post post = post("alice", "m-1", T0);
        store.create(post);
        Instant at = T0.plusSeconds(30);

        Post tombstone = store.markDeleted(post.postId(), "u-1", at, at.plus(Duration.ofDays(7))).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.deletedBy()).isEqualTo("u-1");
        assertThat(tombstone.deletePublished()).isFalse();
        assertThat(store.markDeleted(post.postId(), "u-2", at, at)).as("deleted once only").isEmpty();
        assertThat(store.find(post.postId()).orElseThrow().deletedBy()).isEqualTo("u-1");
        assertThat(store.latest("alice", at)).get().extracting(Post::deleted).isEqualTo(true);

        store.markDeletePublished(post.postId());
        assertThat(store.find(post.postId()).orElseThrow().deletePublished()).isTrue();
        assertThat(store.markDeleted("no-such-post", "u-3", at, at)).isEmpty();
    }

    private static Post post(String account, String messageId, Instant createdAt) {
        return Post.create(account, "text of " + messageId, "GB", messageId, createdAt, createdAt, false);
    }
}
