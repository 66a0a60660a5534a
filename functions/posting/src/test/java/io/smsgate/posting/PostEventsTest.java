package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.PublishedMessage;
import io.smsgate.shared.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shape of what PostsTopic carries: the system's output contract. */
class PostEventsTest {
    private static final Instant CREATED = Instant.parse("2026-11-25T10:00:00.123Z");
    private final Post post = Post.create("alice", "Hello 🙂", "GB", "m-1", CREATED.minusSeconds(1), CREATED, false);

    @Test
    void postCreatedCarriesThePostAndNothingAboutTheNumber() {
        JsonNode json = Json.tree(Json.write(PostCreated.of(post)));
        assertThat(fields(json)).containsExactly("type", "version", "postId", "accountId", "text", "source", "country", "createdAt");
        assertThat(json.path("type").asText()).isEqualTo("PostCreated");
        assertThat(json.path("version").asInt()).isEqualTo(1);
        assertThat(json.path("postId").asText()).isEqualTo(post.postId());
        assertThat(json.path("text").asText()).isEqualTo("Hello 🙂");
        assertThat(json.path("source").asText()).isEqualTo("sms");
        assertThat(json.path("createdAt").asText()).isEqualTo("2026-11-25T10:00:00.123Z");
        assertThat(Json.read(Json.write(PostCreated.of(post)), PostCreated.class)).isEqualTo(PostCreated.of(post));
    }

    @Test
    void postDeletedHasItsOwnType() {
        Post tombstone = new Post(post.postId(), "alice", null, "GB", "m-1", post.receivedAt(), CREATED, false, true,
                CREATED.plusSeconds(60), "u-1", false);
        assertThat(fields(Json.tree(Json.write(PostDeleted.of(tombstone)))))
                .containsExactly("type", "version", "postId", "accountId", "source", "country", "reason", "deletedAt");
    }

    @Test
    void attributesAreRoutingOnly() {
        List<PostEvent> events = List.of(PostCreated.of(post), PostDeleted.of(new Post(post.postId(), "alice", null, "GB", "m-1",
                CREATED, CREATED, false, true, CREATED, "u-1", false)));
        for (PostEvent event : events) {
            assertThat(event.attributes()).isEqualTo(Map.of("kind", event.type(), "country", "GB"));
            assertThat(PublishedMessage.ATTRIBUTE_NAMES).containsAll(event.attributes().keySet());
        }
    }

    @Test
    void aMessageOfAnotherTypeOrVersionIsNotReadAsThisOne() {
        String deleted = Json.write(PostDeleted.of(new Post(post.postId(), "alice", null, "GB", "m-1", CREATED, CREATED, false, true,
                CREATED, "u-1", false)));
        assertThatThrownBy(() -> Json.read(deleted, PostCreated.class)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void thePostIdIsANameBasedUuidOfTheInboundMessageId() {
        assertThat(Post.idFor("m-1")).isEqualTo(Post.idFor("m-1")).isNotEqualTo(Post.idFor("m-2"));
        assertThat(UUID.fromString(Post.idFor("m-1")).version()).isEqualTo(3);
    }

    private static List<String> fields(JsonNode json) {
        List<String> names = new ArrayList<>();
        json.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
