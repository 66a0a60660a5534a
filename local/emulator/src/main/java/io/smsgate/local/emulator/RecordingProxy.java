package io.smsgate.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * An HTTP proxy in front of the emulator that writes down every AWS call passing through it, as
 * {@code DynamoDB.GetItem VerificationsTable} or {@code SNS.Publish}: what a function really did, for
 * counting calls and for comparing the work done on two paths. Functions built with
 * {@code AWS_ENDPOINT_URL} set to {@link #endpoint()} send every call through it.
 */
public final class RecordingProxy implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newHttpClient();
    private final URI target;
    private final String stackPrefix;
    private final List<String> calls = new ArrayList<>();

    /** {@code stackName}: stripped from table names, so calls on two stacks compare equal. */
    public RecordingProxy(URI target, String stackName) throws IOException {
        this.target = target;
        this.stackPrefix = stackName + "-";
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::forward);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    public synchronized void clear() {
        calls.clear();
    }

    public long count(String prefix) {
        return calls().stream().filter(call -> call.startsWith(prefix)).count();
    }

    @Override
    public void close() {
        server.stop(0);
        client.close();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            record(exchange.getRequestHeaders().getFirst("X-Amz-Target"), body);
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(value -> request.header(name, value));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT)) && !name.startsWith(":")) {
                    values.forEach(value -> exchange.getResponseHeaders().add(name, value));
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            }
        }
    }

    private synchronized void record(String amzTarget, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        if (amzTarget != null && amzTarget.startsWith("DynamoDB_")) {
            String operation = amzTarget.substring(amzTarget.indexOf('.') + 1);
            calls.add("DynamoDB." + operation + " " + String.join("+", tables(text)));
        } else if (amzTarget != null) {
            calls.add(amzTarget);
        } else if (text.contains("Action=")) {
            String action = URLDecoder.decode(text, StandardCharsets.UTF_8).replaceAll("(?s).*?Action=([A-Za-z]+).*", "$1");
            calls.add("SNS." + action);
        } else {
            calls.add("?");
        }
    }

    private Set<String> tables(String json) {
        Set<String> tables = new TreeSet<>();
        try {
            collect(JSON.readTree(json), tables);
        } catch (IOException e) {
            tables.add("?");
        }
        return tables;
    }

    private void collect(JsonNode node, Set<String> tables) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (field.getKey().equals("TableName") && field.getValue().isTextual()) {
                    tables.add(logical(field.getValue().asText()));
                } else if (field.getKey().equals("RequestItems")) {
                    field.getValue().fieldNames().forEachRemaining(name -> tables.add(logical(name)));
                } else {
                    collect(field.getValue(), tables);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, tables));
        }
    }

    private String logical(String physical) {
        return physical.startsWith(stackPrefix) ? physical.substring(stackPrefix.length()) : physical;
    }
}
