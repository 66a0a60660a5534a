package io.smsgate.local.cli;

import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.json.Json;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * smsgate running on one machine: a stack with every resource of template.yaml, the pipeline that
 * delivers each topic's messages to its functions, and a way in (a text, as End User Messaging would
 * publish it). Used by {@code simulate} and {@code demo}.
 */
final class LocalSystem {
    private final Stack stack;
    private final Pipeline pipeline;
    private final TableWatcher tables;
    private final Map<String, Integer> seenMessages = new HashMap<>();

    private LocalSystem(Stack stack) {
        this.stack = stack;
        this.pipeline = new Pipeline(stack);
        this.tables = new TableWatcher(stack);
        Pipeline.drain(stack, seenMessages);
    }

    static LocalSystem open(Project project, Stack stack) {
        return new LocalSystem(stack);
    }

    Pipeline pipeline() {
        return pipeline;
    }

    Stack stack() {
        return stack;
    }

    List<String> inboundNumbers() {
        return Arrays.stream(stack.parameter("InboundNumbers").orElse("").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Publishes a two-way payload to InboundSmsTopic, as End User Messaging does, then runs the
     * pipeline until it is quiet, printing one line per hop (and what each hop published, wrote and
     * sent) to {@code report}.
     */
    Trace send(String from, String to, String body, Report report, LogCapture logs) {
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("originationNumber", from);
        payload.put("destinationNumber", to);
        payload.put("messageKeyword", "");
        payload.put("messageBody", body);
        payload.put("inboundMessageId", UUID.randomUUID().toString());
        payload.put("previousPublishedMessageId", "");
        long start = System.nanoTime();
        String topicArn = stack.physicalId("InboundSmsTopic");
        stack.sns().publish(r -> r.topicArn(topicArn).message(Json.write(payload)));
        Pipeline.drain(stack, seenMessages);

        int[] texts = {0};
        boolean[] deadLettered = {false};
        List<Pipeline.Hop> hops = pipeline.runUntilQuiet(hop -> {
            String outcome = hop.error() == null ? "ok" : (hop.deadLettered()
                    ? "FAILED " + hop.attempts() + "x, dead-lettered: " + hop.error()
                    : "FAILED " + hop.attempts() + "x: " + hop.error());
            report.line(String.format("%-18s -> %-24s %-16s %s (%d ms)", hop.topic(), hop.function(), hop.messageType(), outcome,
                    hop.took().toMillis()));
            Pipeline.drain(stack, seenMessages).forEach((topic, messages) -> {
                for (TopicTap.Published message : messages) {
                    report.line("      published " + topic + " " + message.attributes() + " " + summary(message));
                }
            });
            tables.changes().forEach(change -> report.line("      wrote " + change));
            if (logs != null) {
                logs.lines().forEach(line -> report.logLine("      " + line));
                logs.clear();
            }
            deadLettered[0] |= hop.deadLettered();
        });
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new Trace(hops.size(), texts[0], millis, deadLettered[0]);
    }

    /** A published message in one line: its type and the fields a person wants, never a number. */
    private static String summary(TopicTap.Published message) {
        var json = message.json();
        StringBuilder text = new StringBuilder(json.path("type").asText("?"));
        for (String field : List.of("command", "purpose", "kind", "text", "postId", "accountId", "verificationId")) {
            if (json.hasNonNull(field)) {
                String value = json.path(field).asText();
                text.append(' ').append(field).append('=').append(field.equals("text") ? '"' + value + '"' : value);
            }
        }
        return text.toString();
    }

    record Trace(int hops, int texts, long millis, boolean deadLettered) {
    }
}
