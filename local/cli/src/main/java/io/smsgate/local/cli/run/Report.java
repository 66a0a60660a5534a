package io.smsgate.local.cli.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import java.io.PrintStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** How the command line shows log lines, metrics and published messages to a person. */
public final class Report {
    /** Fields of every line; anything else is logging context (inboundMessageId, verificationId). */
    private static final java.util.Set<String> STANDARD_FIELDS =
            java.util.Set.of("timestamp", "level", "logger", "message", "errorType", "errorMessage", "stackTrace");

    private final PrintStream out;

    public Report(PrintStream out) {
        this.out = out;
    }

    public void heading(String title) {
        out.println();
        out.println(title);
    }

    public void line(String text) {
        out.println("  " + text);
    }

    /** A captured JSON log line as one readable line: level, logger, message, context; EMF lines as metrics. */
    void logLine(String json) {
        JsonNode line;
        try {
            line = Json.tree(json);
        } catch (MalformedJsonException e) {
            line("? " + json);
            return;
        }
        String message = line.path("message").asText();
        if (message.startsWith("{\"_aws\"")) {
            line(metric(Json.tree(message)));
            return;
        }
        String logger = line.path("logger").asText();
        StringBuilder text = new StringBuilder()
                .append(String.format("%-5s ", line.path("level").asText()))
                .append(logger.substring(logger.lastIndexOf('.') + 1))
                .append("  ")
                .append(message);
        Iterator<Map.Entry<String, JsonNode>> fields = line.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!STANDARD_FIELDS.contains(field.getKey())) {
                text.append("  [").append(field.getKey()).append('=').append(field.getValue().asText()).append(']');
            }
        }
        if (line.hasNonNull("errorType")) {
            text.append("  ").append(line.path("errorType").asText()).append(": ").append(line.path("errorMessage").asText());
        }
        line(text.toString());
    }

    private static String metric(JsonNode emf) {
        JsonNode directive = emf.path("_aws").path("CloudWatchMetrics").path(0);
        String name = directive.path("Metrics").path(0).path("Name").asText();
        StringBuilder text = new StringBuilder("METRIC ").append(name);
        for (JsonNode dimension : directive.path("Dimensions").path(0)) {
            text.append(' ').append(dimension.asText()).append('=').append(emf.path(dimension.asText()).asText());
        }
        return text.toString();
    }

    /** Table items without DynamoDB's type wrappers ({pk=..., status=...}), E.164 values masked. */
    void items(String table, List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items) {
        if (items.isEmpty()) {
            line(table + ": nothing");
            return;
        }
        items.forEach(item -> line(table + "  " + TableWatcher.render(item)));
    }

    void published(String topic, List<TopicTap.Published> messages) {
        if (messages.isEmpty()) {
            line(topic + ": nothing");
            return;
        }
        for (TopicTap.Published message : messages) {
            line(topic + "  attributes " + message.attributes());
            line("    " + masked(message.body()));
        }
    }

    private static final java.util.regex.Pattern E164 = java.util.regex.Pattern.compile("\\+[1-9]\\d{6,14}");

    /**
     * Any E.164 number masked: End User Messaging's own payloads (two-way texts, delivery events) carry
     * numbers in clear, and a printed trace shows none.
     */
    static String masked(String text) {
        return E164.matcher(text).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(io.smsgate.shared.log.Masking.phone(m.group())));
    }

    /** Texts received by the local outbox: the destination masked, the body as sent (a code is a local, throwaway one). */
    void texts(List<io.smsgate.local.emulator.SmsOutbox.Text> texts) {
        if (texts.isEmpty()) {
            line("nothing");
            return;
        }
        for (var text : texts) {
            line("to " + text.maskedDestination() + "  from " + text.originationIdentity() + "  " + text.messageType()
                    + "  configuration set " + text.configurationSet()
                    + (text.timeToLive() == null ? "" : "  ttl " + text.timeToLive() + " s")
                    + "  context " + text.context() + (text.dryRun() ? "  DRY RUN" : "") + "  message " + text.messageId());
            for (String bodyLine : text.body().split("\n", -1)) {
                line("    | " + bodyLine);
            }
        }
    }
}
