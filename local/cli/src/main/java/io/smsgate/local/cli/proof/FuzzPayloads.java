package io.smsgate.local.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.CanonicalJson;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Hostile payloads, made from seeds (the events/ samples, which carry valid seals and MACs made with the
 * development key) by seeded mutations: wrong JSON types, deleted and unknown fields, huge strings, deep
 * nesting, invalid UTF-8, lone surrogates, control characters and line breaks, confusable digits (Arabic-
 * Indic, fullwidth, mathematical) in numbers, codes and PINs, flipped characters in seals and MACs,
 * other types and versions, truncated and garbled JSON text. The JSON inside an SNS message and inside
 * an API body is mutated as JSON and as text. SNS events get 1 to 10 records.
 */
final class FuzzPayloads {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Digits that look like 0-9 and are not ASCII: a parser that accepts them normalises a number it should refuse. */
    private static final String[] CONFUSABLE_DIGITS = {"٠١٢٣٤٥٦٧٨٩", "０１２３４５６７８９", "۰۱۲۳۴۵۶۷۸۹", "𝟎𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗", "߀߁߂߃߄߅߆߇߈߉"};
    /** Hostile strings for any field. Numbers live in {@link #phone()}: an id that holds a number is not a leak when logged. */
    private static final List<String> NASTY = List.of("", " ", "null", "0", "-1", "1e400", "NaN", "+", "id\n{\"level\":\"INFO\"}", "\u0000", "\u202e321009007744+", "%s%n%x", "${jndi:ldap://x/a}",
            "STOP", "stop\u00a0", "UNDO", "HELP", "\ud800", "\udfff\ud800", "é".repeat(200), "😀".repeat(100), "<script>", "../../etc/passwd",
            "AAAA", "v1.", "v9.AAAA", "v1." + "A".repeat(300), "POST", "CODE", "TEXT", "ApprovedCommand", "SmsCommand", "OutboundSms");

    private final List<JsonNode> seeds;
    private final Random random;

    FuzzPayloads(List<JsonNode> seeds, Random random) {
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("no seeds");
        }
        this.seeds = seeds;
        this.random = random;
    }

    // ------------------------------------------------------------------ events

    /** An SNS event of 1 to 10 records, each a mutated copy of a seed's record. */
    JsonNode snsEvent() {
        ObjectNode event = NODES.objectNode();
        ArrayNode records = event.putArray("Records");
        int count = random.nextInt(10) < 7 ? 1 : 1 + random.nextInt(10);
        for (int i = 0; i < count; i++) {
            JsonNode seed = pick();
            JsonNode record = seed.path("Records").path(0).deepCopy();
            if (record.isMissingNode() || !(record instanceof ObjectNode)) {
                record = NODES.objectNode();
            }
            mutateRecord((ObjectNode) record);
            records.add(record);
        }
        if (random.nextInt(200) == 0) {
            event.set("Records", random.nextBoolean() ? NODES.arrayNode() : NODES.nullNode());
        }
        return event;
    }

    /** An SQS event whose records carry mutated SNS envelopes (SNS to SQS to Lambda). */
    JsonNode sqsEvent() {
        return sqsEventOf(sns -> Json.write(sns));
    }

    /**
     * An SQS event as a queue fed by a raw-delivery subscription hands it over (SendSmsFunction's send
     * queues): each record's body is a (mutated) message itself, not an SNS envelope.
     */
    JsonNode sqsRawEvent() {
        return sqsEventOf(sns -> sns.path("Message").asText(""));
    }

    /** One SQS record per record of a mutated SNS event, its body what {@code bodyOf} makes of the envelope. */
    private JsonNode sqsEventOf(java.util.function.Function<JsonNode, String> bodyOf) {
        JsonNode sns = snsEvent();
        ObjectNode event = NODES.objectNode();
        ArrayNode records = event.putArray("Records");
        for (JsonNode record : sns.path("Records")) {
            ObjectNode message = NODES.objectNode();
            message.put("messageId", java.util.UUID.randomUUID().toString());
            message.put("receiptHandle", "fuzz");
            String body = bodyOf.apply(record.path("Sns"));
            message.put("body", random.nextInt(20) == 0 ? mutateText(body) : body);
            message.put("eventSource", "aws:sqs");
            message.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:fuzz");
            message.putObject("attributes").put("ApproximateReceiveCount", String.valueOf(1 + random.nextInt(5)));
            records.add(message);
        }
        return event;
    }

    /** A mutated API Gateway (HTTP API, payload 2.0) event. */
    JsonNode apiEvent() {
        ObjectNode event = (ObjectNode) pick().deepCopy();
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(9)) {
                case 0, 1, 2 -> event.put("body", mutateEmbedded(event.path("body").asText("{}")));
                case 3 -> {
                    String path = hostilePath(event.path("rawPath").asText("/"));
                    event.put("rawPath", path);
                    if (event.path("requestContext").path("http") instanceof ObjectNode http) {
                        http.put("path", path);
                    }
                }
                case 4 -> {
                    ObjectNode parameters = event.path("pathParameters") instanceof ObjectNode p ? p : event.putObject("pathParameters");
                    String name = random.nextBoolean() ? "id" : "accountId";
                    parameters.set(name, hostileValue());
                }
                case 5 -> {
                    ObjectNode headers = event.path("headers") instanceof ObjectNode h ? h : event.putObject("headers");
                    String[] names = {"content-type", "content-length", "x-forwarded-for", "authorization", "accept"};
                    headers.put(names[random.nextInt(names.length)], nasty());
                }
                case 6 -> {
                    boolean base64 = random.nextBoolean();
                    event.put("isBase64Encoded", base64);
                    if (base64 && random.nextBoolean()) {
                        event.put("body", Base64.getEncoder().encodeToString(invalidUtf8(event.path("body").asText(""))));
                    }
                }
                case 7 -> {
                    String[] methods = {"GET", "PUT", "POST", "DELETE", "PATCH", "", "post"};
                    String method = methods[random.nextInt(methods.length)];
                    if (event.path("requestContext").path("http") instanceof ObjectNode http) {
                        http.put("method", method);
                    }
                    event.put("routeKey", method + " " + event.path("rawPath").asText());
                }
                default -> mutateTree(event, 0);
            }
        }
        return event;
    }

    // ------------------------------------------------------------------ SNS records

    private void mutateRecord(ObjectNode record) {
        JsonNode sns = record.path("Sns");
        if (!(sns instanceof ObjectNode envelope)) {
            return;
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3, 4 -> envelope.put("Message", mutateEmbedded(envelope.path("Message").asText("")));
                case 5 -> {
                    ObjectNode attributes = envelope.path("MessageAttributes") instanceof ObjectNode a ? a : envelope.putObject("MessageAttributes");
                    String[] names = {"command", "country", "kind", "type"};
                    ObjectNode attribute = attributes.putObject(names[random.nextInt(names.length)]);
                    attribute.put("Type", random.nextBoolean() ? "String" : "Number");
                    attribute.put("Value", nasty());
                }
                case 6 -> envelope.put("MessageId", random.nextBoolean() ? nasty() : java.util.UUID.randomUUID().toString());
                case 7 -> envelope.put("Message", fromScratchTwoWay());
                case 8 -> envelope.set("Message", random.nextBoolean() ? NODES.nullNode() : new TextNode(nasty()));
                default -> mutateTree(envelope, 0);
            }
        }
        if (random.nextBoolean()) {
            envelope.put("Message", resigned(envelope.path("Message").asText("")));
        }
    }

    /**
     * Half the mutated ApprovedCommands and OutboundSms get their MAC made again with the local
     * development key, as a publisher holding the key would: without it every mutation stops at the
     * MAC check, and the checks behind it (fields, seals, limits) would never meet hostile input.
     */
    private static String resigned(String message) {
        if (!message.startsWith("{") || message.length() > 300_000) {
            return message;
        }
        JsonNode node;
        try {
            node = Json.tree(message);
        } catch (RuntimeException e) {
            return message;
        }
        String type = node.path("type").asText("");
        if (!(node instanceof ObjectNode object) || !MessageSigner.SIGNED_TYPES.contains(type)) {
            return message;
        }
        object.remove(CanonicalJson.MAC_FIELD);
        object.put(CanonicalJson.MAC_FIELD, DEVELOPMENT_KEYS.mac(type, CanonicalJson.of(object)));
        return Json.write(object);
    }

    private static final KeyRing DEVELOPMENT_KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);

    /** A two-way payload as End User Messaging sends it, with hostile values. */
    private String fromScratchTwoWay() {
        ObjectNode payload = NODES.objectNode();
        payload.put("originationNumber", phone());
        payload.put("destinationNumber", random.nextInt(4) == 0 ? phone() : "+12065550100");
        payload.put("messageKeyword", random.nextBoolean() ? "" : nasty());
        String[] bodies = {"4821 hello", "STOP", "START", "HELP", "UNDO", "weekend plans", confusable("4821") + " hi", nasty(),
                "x".repeat(1 + random.nextInt(2000)), "😀".repeat(1 + random.nextInt(400)), "my number is " + phone()};
        payload.put("messageBody", bodies[random.nextInt(bodies.length)]);
        payload.put("inboundMessageId", random.nextInt(10) == 0 ? nasty() : java.util.UUID.randomUUID().toString());
        payload.put("previousPublishedMessageId", "");
        if (random.nextInt(5) == 0) {
            mutateTree(payload, 0);
        }
        return Json.write(payload);
    }

    private String phone() {
        String[] phones = {"+447700900123", "+447700900999", "+33612345678", "+12065550100", "+919876543210", "+254712345678",
                confusable("+447700900123"), "+4477009001234567890", "447700900123", "+44 7700 900123", "+0", "+999999999999999",
                "++447700900123", "00447700900123", "+447700900123\n{\"level\":\"INFO\"}", nasty()};
        return phones[random.nextInt(phones.length)];
    }

    // ------------------------------------------------------------------ JSON inside a string

    /** Mutates a JSON text: as JSON (a field's value, type, presence) or as text (truncated, garbled, nested deep). */
    String mutateEmbedded(String text) {
        if (random.nextInt(4) == 0) {
            return mutateText(text);
        }
        JsonNode tree;
        try {
            tree = Json.tree(text);
        } catch (RuntimeException e) {
            return mutateText(text);
        }
        if (!(tree instanceof ObjectNode object)) {
            return mutateText(text);
        }
        int mutations = 1 + random.nextInt(3);
        for (int i = 0; i < mutations; i++) {
            mutateTree(object, 0);
        }
        return Json.write(object);
    }

    private String mutateText(String text) {
        return switch (random.nextInt(8)) {
            case 0 -> text.substring(0, text.isEmpty() ? 0 : random.nextInt(text.length()));
            case 1 -> flip(text);
            case 2 -> "[".repeat(1000 + random.nextInt(4000)) + "]".repeat(random.nextInt(3) == 0 ? 0 : 1000);
            case 3 -> "{\"a\":".repeat(500 + random.nextInt(2000)) + "1" + "}".repeat(100);
            case 4 -> text + text;
            case 5 -> text.replace("\"type\"", "\"type\":\"x\",\"type\"");
            case 6 -> new String(invalidUtf8(text), StandardCharsets.UTF_8);
            default -> nasty();
        };
    }

    // ------------------------------------------------------------------ JSON trees

    /** One mutation somewhere in the tree. */
    void mutateTree(ObjectNode object, int depth) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        if (names.isEmpty() || random.nextInt(8) == 0) {
            object.set(random.nextBoolean() ? "unexpected" : nasty(), hostileValue());
            return;
        }
        String name = names.get(random.nextInt(names.size()));
        JsonNode value = object.get(name);
        if (value instanceof ObjectNode child && depth < 4 && random.nextBoolean()) {
            mutateTree(child, depth + 1);
            return;
        }
        switch (random.nextInt(7)) {
            case 0 -> object.remove(name);
            case 1 -> object.set(name, hostileValue());
            case 2 -> {
                if (value.isTextual()) {
                    object.put(name, confusable(value.asText()));
                } else {
                    object.set(name, new TextNode(value.toString()));
                }
            }
            case 3 -> {
                if (value.isTextual()) {
                    object.put(name, flip(value.asText()));
                } else {
                    object.set(name, hostileValue());
                }
            }
            case 4 -> object.set(name, value.isTextual() ? NODES.numberNode(random.nextInt()) : new TextNode(nasty()));
            case 5 -> {
                if (value.isTextual() && value.asText().startsWith("{")) {
                    object.put(name, mutateEmbedded(value.asText()));
                } else {
                    object.put(name, value.isTextual() ? value.asText() + "x".repeat(random.nextInt(20) == 0 ? 300_000 : 5_000) : nasty());
                }
            }
            default -> {
                if ("version".equals(name) || "type".equals(name)) {
                    object.set(name, random.nextBoolean() ? NODES.numberNode(random.nextInt(5) - 1) : new TextNode(nasty()));
                } else {
                    object.set(name, NODES.arrayNode().add(value));
                }
            }
        }
    }

    private JsonNode hostileValue() {
        return switch (random.nextInt(10)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextBoolean() ? Long.MAX_VALUE : -1);
            case 3 -> NODES.numberNode(1e308 * (random.nextBoolean() ? 10 : 1));
            case 4 -> NODES.arrayNode().add(nasty()).add(NODES.objectNode());
            case 5 -> NODES.objectNode().put("nested", nasty());
            case 6 -> new TextNode("x".repeat(random.nextInt(20) == 0 ? 1_000_000 : 10_000));
            case 7 -> new TextNode(confusable("482193"));
            default -> new TextNode(nasty());
        };
    }

    private String nasty() {
        return NASTY.get(random.nextInt(NASTY.size()));
    }

    /** Replaces ASCII digits with look-alikes from one script (or mixes them). */
    String confusable(String text) {
        String digits = CONFUSABLE_DIGITS[random.nextInt(CONFUSABLE_DIGITS.length)];
        int[] points = digits.codePoints().toArray();
        StringBuilder out = new StringBuilder();
        boolean mix = random.nextBoolean();
        for (char c : text.toCharArray()) {
            if (c >= '0' && c <= '9' && (!mix || random.nextBoolean())) {
                out.appendCodePoint(points[c - '0']);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private String flip(String text) {
        if (text.isEmpty()) {
            return "A";
        }
        char[] chars = text.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    private byte[] invalidUtf8(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[bytes.length + 3];
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        System.arraycopy(bytes, 0, out, 0, at);
        byte[][] bad = {{(byte) 0xC3, (byte) 0x28, (byte) 0x41}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xFF, (byte) 0xFE, 0}};
        System.arraycopy(bad[random.nextInt(bad.length)], 0, out, at, 3);
        System.arraycopy(bytes, at, out, at + 3, bytes.length - at);
        return out;
    }

    private String hostilePath(String path) {
        String[] paths = {"/verifications", "/verifications/", "/verifications/%2e%2e/check", "/verifications/../accounts/a/sms-settings",
                "/verifications/" + "a".repeat(5000) + "/check", "/accounts//sms-settings", "/accounts/" + confusable("123") + "/sms-settings",
                "/verifications/x/check/extra", "", "/", path + "?x=1", path.toUpperCase(java.util.Locale.ROOT), "/verifications/\u0000/check"};
        return paths[random.nextInt(paths.length)];
    }

    private JsonNode pick() {
        return seeds.get(random.nextInt(seeds.size()));
    }

    /** Every text value in a tree, JSON inside strings included (for the leak scan's list of secrets). */
    static void texts(JsonNode node, List<String> into, int depth) {
        if (node == null || depth > 30) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText();
            into.add(text.length() > 2000 ? text.substring(0, 2000) : text);
            if (text.startsWith("{") && text.length() < 20_000) {
                try {
                    texts(Json.tree(text), into, depth + 1);
                } catch (RuntimeException e) {
                    // Not JSON after all.
                }
            }
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            texts(it.next().getValue(), into, depth + 1);
        }
        if (node.isArray()) {
            node.forEach(child -> texts(child, into, depth + 1));
        }
    }
}
