package io.smsgate.posting;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import io.smsgate.shared.json.Json;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** What every posting test checks at the end, and how it reads metrics back from the log. */
final class PostingAssertions {
    private PostingAssertions() {
    }

    /**
     * Scans everything the test left behind: every log line (metrics included), every message on every
     * topic (body and attributes) and every item of every table: neither the sender's number nor the PIN
     * may be anywhere in clear (PhoneLinksTable keeps the number sealed).
     */
    static void assertNoNumberOrPinAnywhere(Stack stack, LogCapture logs) {
        assertThat(logs.all()).doesNotContain(TestAccounts.SENDER_DIGITS).doesNotContain(TestAccounts.PIN);
        for (var tap : stack.taps().values()) {
            assertThat(tap.messages()).allSatisfy(message -> {
                assertThat(message.body()).doesNotContain(TestAccounts.SENDER_DIGITS).doesNotContain(TestAccounts.PIN);
                assertThat(message.attributes().toString()).doesNotContain(TestAccounts.SENDER_DIGITS);
                assertThat(message.attributes().keySet()).isSubsetOf("command", "country", "kind", "type");
            });
        }
        for (String table : stack.tables()) {
            String items = stack.scan(table).toString();
            assertThat(items).as(table).doesNotContain(TestAccounts.PIN);
            // PhoneLinksTable included: it keeps the number only sealed.
            assertThat(items).as(table).doesNotContain(TestAccounts.SENDER_DIGITS);
        }
    }

    /** The {@code Reason} dimension of every PostingRejected data point, in order. */
    static List<String> rejections(LogCapture logs) {
        return metrics(logs, "PostingRejected").stream().map(emf -> emf.path("Reason").asText()).toList();
    }

    static List<JsonNode> metrics(LogCapture logs, String metric) {
        return logs.lines().stream()
                .map(line -> Json.tree(line).path("message").asText())
                .filter(message -> message.startsWith("{\"_aws\""))
                .map(Json::tree)
                .filter(emf -> emf.has(metric))
                .toList();
    }

    /** The messages of the log lines (not metrics) written so far. */
    static List<String> messages(LogCapture logs) {
        return logs.lines().stream()
                .map(line -> Json.tree(line).path("message").asText())
                .filter(message -> !message.startsWith("{\"_aws\""))
                .toList();
    }

    static List<Published> ofType(List<Published> messages, String type) {
        return messages.stream().filter(m -> m.json().path("type").asText().equals(type)).toList();
    }

    static List<Map<String, AttributeValue>> posts(Stack stack) {
        return stack.scan("PostsTable");
    }
}
