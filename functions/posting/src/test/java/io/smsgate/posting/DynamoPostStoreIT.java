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
    private TestAccounts accounts;
    private io.smsgate.shared.domain.PhoneLink link;
    private Stack stack;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        store = new DynamoPostStore(stack.dynamoDb(), stack.physicalId("PostsTable"), stack.physicalId("PhoneLinksTable"),
                stack.physicalId("CountersTable"));
        accounts = new TestAccounts(stack);
        link = accounts.postingWithPin(T0.minus(Duration.ofDays(2)), false);
    }

    private PostStore.Created create(Post post) {
        return store.create(post, link, false, hourly(100));
    }

    private static io.smsgate.shared.port.Counters.Limit hourly(long limit) {
        return new io.smsgate.shared.port.Counters.Limit("PostsPerHour#alice#test", limit, T0.plus(Duration.ofHours(2)));
    }

    private long hourlyCount() {
        var item = stack.dynamoDb().getItem(r -> r.tableName(stack.physicalId("CountersTable"))
                .key(java.util.Map.of("pk", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("PostsPerHour#alice#test")))
                .consistentRead(true)).item();
        return item == null || !item.containsKey("count") ? 0 : Long.parseLong(item.get("count").n());
    }

    @Test
    void thePostAndItsHourlyCountAreOneWriteSoARedeliveryOrARefusalCountsNothing() {
        Post first = post("alice", "m-1", T0);
        assertThat(store.create(first, link, false, hourly(2))).isEqualTo(PostStore.Created.CREATED);
        assertThat(store.create(first, link, false, hourly(2))).as("a redelivery").isEqualTo(PostStore.Created.EXISTS);
        assertThat(hourlyCount()).isEqualTo(1);
        assertThat(store.create(post("alice", "m-2", T0), link, false, hourly(2))).isEqualTo(PostStore.Created.CREATED);
        assertThat(store.create(post("alice", "m-3", T0), link, false, hourly(2))).isEqualTo(PostStore.Created.RATE_LIMITED);
        assertThat(store.find(Post.idFor("m-3"))).as("refused: not written").isEmpty();
        assertThat(hourlyCount()).isEqualTo(2);
        assertThat(store.create(post("alice", "m-4", T0), link, false, hourly(0))).isEqualTo(PostStore.Created.RATE_LIMITED);
        assertThat(hourlyCount()).isEqualTo(2);
    }

    @Test
    void aPostIsWrittenOnceAndReadBackAsWritten() {
        Post post = Post.create("alice", "Hello 🙂", "GB", "m-1", T0.minusSeconds(1), T0.plusMillis(123), true);

        assertThat(create(post)).isEqualTo(PostStore.Created.CREATED);
        assertThat(create(post)).as("same id: not written again").isEqualTo(PostStore.Created.EXISTS);
        assertThat(store.find(post.postId())).contains(post);

        store.markPublished(post.postId());
        assertThat(store.find(post.postId()).orElseThrow().published()).isTrue();
        assertThat(store.find("no-such-post")).isEmpty();
    }

    @Test
    void aPostIsNotWrittenWhenTheLinkChangedSinceItWasJudged() {
        accounts.links().reserveGuess(TestAccounts.PHONE_KEY, "g-1", 1);
        accounts.links().lockIfSpent(TestAccounts.PHONE_KEY, 1, T0);
        assertThat(create(post("alice", "m-1", T0))).isEqualTo(PostStore.Created.LINK_CHANGED);
        assertThat(store.find(Post.idFor("m-1"))).isEmpty();
    }

    @Test
    void receivedBeforeIsTheAccountsPostsNewestReceivedFirst() {
        // Created in another order than received: UNDO goes by what the person sent last.
        Post first = post("alice", "m-1", T0, T0.plusSeconds(200));
        Post second = post("alice", "m-2", T0.plusSeconds(60), T0.plusSeconds(100));
        Post third = post("alice", "m-3", T0.plusSeconds(120), T0.plusSeconds(150));
        Post bobs = post("bob", "m-4", T0.plusSeconds(90), T0.plusSeconds(90));
        for (Post p : new Post[] {second, bobs, third, first}) {
            create(p);
        }

        assertThat(store.receivedBefore("alice", T0.plusSeconds(300), 25)).containsExactly(third, second, first);
        assertThat(store.receivedBefore("alice", T0.plusSeconds(120), 25)).as("at, inclusive").containsExactly(third, second, first);
        assertThat(store.receivedBefore("alice", T0.plusSeconds(119), 1)).containsExactly(second);
        assertThat(store.receivedBefore("alice", T0.minusMillis(1), 25)).isEmpty();
        assertThat(store.receivedBefore("bob", T0.plusSeconds(300), 25)).containsExactly(bobs);
        assertThat(store.receivedBefore("carol", T0.plusSeconds(300), 25)).isEmpty();
    }

    @Test
    void aDeletedPostBecomesATombstoneOnceAndStaysTheLatest() {
        Post post = post("alice", "m-1", T0);
        create(post);
        Instant at = T0.plusSeconds(30);

        Post tombstone = store.markDeleted(post.postId(), "u-1", at, at.plus(Duration.ofDays(7))).orElseThrow();
        assertThat(tombstone.deleted()).isTrue();
        assertThat(tombstone.text()).isNull();
        assertThat(tombstone.deletedBy()).isEqualTo("u-1");
        assertThat(tombstone.deletePublished()).isFalse();
        assertThat(store.markDeleted(post.postId(), "u-2", at, at)).as("deleted once only").isEmpty();
        assertThat(store.find(post.postId()).orElseThrow().deletedBy()).isEqualTo("u-1");
        assertThat(store.receivedBefore("alice", at, 25)).singleElement().extracting(Post::deleted).isEqualTo(true);

        store.markDeletePublished(post.postId());
        assertThat(store.find(post.postId()).orElseThrow().deletePublished()).isTrue();
        assertThat(store.markDeleted("no-such-post", "u-3", at, at)).isEmpty();
    }

    private static Post post(String account, String messageId, Instant createdAt) {
        return post(account, messageId, createdAt, createdAt);
    }

    private static Post post(String account, String messageId, Instant receivedAt, Instant createdAt) {
        return Post.create(account, "text of " + messageId, "GB", messageId, receivedAt, createdAt, false);
    }
}
