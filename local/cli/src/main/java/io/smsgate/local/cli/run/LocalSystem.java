package io.smsgate.local.cli.run;

import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.log.Masking;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * smsgate running on one machine: a stack with every resource of template.yaml, the pipeline that
 * delivers each topic's messages to its functions, the outbox standing in for End User Messaging, and
 * the two ways in: a text (published to InboundSmsTopic as End User Messaging does) and a call to the
 * verification API (what the network's backend does). Used by {@code simulate} and {@code demo}.
 */
public final class LocalSystem {
    public static final String API_FUNCTION = "VerificationApiFunction";

    private final Stack stack;
    private final Pipeline pipeline;
    private final TableWatcher tables;
    private final SmsOutbox outbox;
    private final Map<String, Integer> seenMessages = new HashMap<>();
    private final boolean observe;
    private HandlerInvoker api;
    private int seenTexts;

    public LocalSystem(Stack stack) {
        this(stack, true);
    }

    /**
     * {@code observe}: read back what every hop published and wrote (for traces and the demo's checks);
     * false to measure the pipeline alone (benchmarks), since the reading costs more than the hops.
     */
    public LocalSystem(Stack stack, boolean observe) {
        this.stack = stack;
        this.observe = observe;
        this.pipeline = new Pipeline(stack);
        this.outbox = stack.outbox();
        this.tables = observe ? new TableWatcher(stack) : null;
        if (observe) {
            Pipeline.drain(stack, seenMessages);
        }
        this.seenTexts = outbox.texts().size();
    }

    Pipeline pipeline() {
        return pipeline;
    }

    Stack stack() {
        return stack;
    }

    SmsOutbox outbox() {
        return outbox;
    }

    public List<String> inboundNumbers() {
        return Arrays.stream(stack.parameter("InboundNumbers").orElse("").split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).toList();
    }

    /** What one entry into the system caused, after the pipeline went quiet. */
    public record Trace(List<Pipeline.Hop> hops, Map<String, List<TopicTap.Published>> published, List<SmsOutbox.Text> texts,
                 long millis) {
        public int hopCount() {
            return hops.size();
        }

        boolean deadLettered() {
            return hops.stream().anyMatch(Pipeline.Hop::deadLettered);
        }

        List<TopicTap.Published> on(String topic) {
            return published.getOrDefault(topic, List.of());
        }

        /** Messages of one type on a topic, e.g. PostCreated on PostsTopic. */
        List<TopicTap.Published> ofType(String topic, String type) {
            return on(topic).stream().filter(m -> type.equals(m.json().path("type").asText())).toList();
        }
    }

    /**
     * Publishes a two-way payload to InboundSmsTopic, as End User Messaging does, then runs the
     * pipeline until it is quiet, printing one line per hop (and what each hop published, wrote and
     * sent) to {@code report}.
     */
    public Trace text(String from, String to, String body, Report report, LogCapture logs) {
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
        return run(start, report, logs);
    }

    /**
     * Publishes a message to one of the stack's topics as any principal with {@code sns:Publish} could
     * (with the given routing attributes), then runs the pipeline until it is quiet: what a forged or
     * replayed message does.
     */
    Trace publish(String topicLogicalId, String message, Map<String, String> attributes, Report report, LogCapture logs) {
        long start = System.nanoTime();
        Map<String, software.amazon.awssdk.services.sns.model.MessageAttributeValue> values = new LinkedHashMap<>();
        attributes.forEach((name, value) -> values.put(name, software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                .dataType("String").stringValue(value).build()));
        stack.sns().publish(r -> r.topicArn(stack.physicalId(topicLogicalId)).message(message).messageAttributes(values));
        return run(start, report, logs);
    }

    /** A call to the verification API (as the network's backend makes it), then the pipeline until quiet. */
    ApiCall call(String method, String path, Object body, Report report, LogCapture logs) {
        if (api == null) {
            api = HandlerInvoker.create(stack.handler(API_FUNCTION), new Environment(stack.functionEnvironment(API_FUNCTION)));
        }
        long start = System.nanoTime();
        HttpApiRequest event = apiEvent(method, path, Json.write(body));
        HttpApiResponse response = api.invoke(event, HttpApiResponse.class, new LocalContext(API_FUNCTION, 15, 1024));
        report.line(String.format("%-18s -> %-24s %s %s -> %d %s", "HTTP (IAM)", API_FUNCTION, method, path, response.statusCode(),
                response.body()));
        Trace trace = run(start, report, logs);
        return new ApiCall(response.statusCode(), response.body() == null ? "" : response.body(), trace);
    }

    record ApiCall(int status, String body, Trace trace) {
        com.fasterxml.jackson.databind.JsonNode json() {
            return Json.tree(body);
        }
    }

    private Trace run(long start, Report report, LogCapture logs) {
        Map<String, List<TopicTap.Published>> published = new LinkedHashMap<>();
        List<SmsOutbox.Text> texts = new ArrayList<>();
        collect(report, logs, published, texts);
        List<Pipeline.Hop> hops = pipeline.runUntilQuiet(hop -> {
            String outcome = hop.error() == null ? "ok" : (hop.deadLettered()
                    ? "FAILED " + hop.attempts() + "x, dead-lettered: " + hop.error()
                    : "FAILED " + hop.attempts() + "x: " + hop.error());
            report.line(String.format("%-18s -> %-24s %-16s %s (%d ms)", hop.topic(), hop.function(), hop.messageType(), outcome,
                    hop.took().toMillis()));
            collect(report, logs, published, texts);
        });
        return new Trace(hops, published, texts, (System.nanoTime() - start) / 1_000_000);
    }

    /** Prints and keeps what happened since the last look: messages, table changes, texts, logs. */
    private void collect(Report report, LogCapture logs, Map<String, List<TopicTap.Published>> published,
                         List<SmsOutbox.Text> texts) {
        if (observe) {
            Pipeline.drain(stack, seenMessages).forEach((topic, messages) -> {
                for (TopicTap.Published message : messages) {
                    report.line("      published " + topic + " " + message.attributes() + " " + summary(message));
                    published.computeIfAbsent(topic, t -> new ArrayList<>()).add(message);
                }
            });
            tables.changes().forEach(change -> report.line("      wrote " + change));
        }
        List<SmsOutbox.Text> all = outbox.texts();
        for (SmsOutbox.Text text : all.subList(Math.min(seenTexts, all.size()), all.size())) {
            report.line("      texted " + text.maskedDestination() + ": \"" + text.body() + "\"");
            texts.add(text);
        }
        seenTexts = all.size();
        if (logs != null) {
            logs.lines().forEach(line -> report.logLine("      " + line));
            logs.clear();
        }
    }

    /** The HTTP API event (payload format 2.0) API Gateway sends for this call, its route matched as template.yaml's routes. */
    public static HttpApiRequest apiEvent(String method, String path, String body) {
        String route = method + " " + path.replaceAll("/verifications/[^/]+/check", "/verifications/{id}/check")
                .replaceAll("^/verifications/[^/]+$", "/verifications/{id}")
                .replaceAll("/accounts/[^/]+/sms-settings", "/accounts/{accountId}/sms-settings");
        Map<String, String> pathParameters = new HashMap<>();
        String[] parts = path.split("/");
        if (path.matches("/verifications/[^/]+(/check)?")) {
            pathParameters.put("id", parts[2]);
        } else if (path.matches("/accounts/[^/]+/sms-settings")) {
            pathParameters.put("accountId", parts[2]);
        }
        return HttpApiRequest.of(method, path, route, pathParameters, body, UUID.randomUUID().toString());
    }

    /** A published message in one line: its type and the fields a person wants, never a number. */
    private static String summary(TopicTap.Published message) {
        var json = message.json();
        if (!json.has("type") && json.has("inboundMessageId")) {
            return "two-way SMS inboundMessageId=" + json.path("inboundMessageId").asText();
        }
        if (!json.has("type") && json.has("eventType")) {
            // End User Messaging's delivery event: it carries the destination number, which is not printed.
            return "delivery event " + json.path("eventType").asText() + " messageId=" + json.path("messageId").asText()
                    + " context=" + json.path("context");
        }
        StringBuilder text = new StringBuilder(json.path("type").asText("?"));
        for (String field : List.of("command", "purpose", "kind", "text", "postId", "accountId", "verificationId")) {
            if (json.hasNonNull(field)) {
                String value = json.path(field).asText();
                text.append(' ').append(field).append('=').append(field.equals("text") ? '"' + value + '"' : value);
            }
        }
        return text.toString();
    }

    static String masked(String number) {
        return Masking.phone(number);
    }
}
