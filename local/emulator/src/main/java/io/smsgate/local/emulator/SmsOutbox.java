package io.smsgate.local.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End User Messaging has no emulator: this is the local stand-in for the one call smsgate makes,
 * {@code SendTextMessage} of the pinpoint-sms-voice-v2 API (AWS JSON 1.0, header
 * {@code X-Amz-Target: PinpointSMSVoiceV2.SendTextMessage}). Point the SDK at {@link #endpoint()} with
 * {@code AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2}; every text is recorded (not sent anywhere) and answered
 * with a {@code MessageId}, and {@link #texts()} reads them back, for a person ({@code smsgate invoke}
 * prints them with the destination masked) or a test (which may read a code from the body).
 *
 * <p>{@link #limitRate} makes it enforce a send rate the way End User Messaging enforces an origination
 * identity's MPS: a token bucket holding one second of the rate; above it a request is answered HTTP 400
 * {@code ThrottlingException} and nothing is recorded ({@link #throttled()} counts them).
 *
 * <p>{@code PutMessageFeedback} is answered too, and recorded ({@link #feedback()}); {@link #onText} hears of
 * every text sent, so the local stack can publish its delivery event as a configuration set's event
 * destination would.
 *
 * <p>Only what the real service would accept is recorded: a body, an E.164 destination and an
 * origination identity are required, as they are there. Other operations get the service's
 * {@code UnknownOperationException} shape.
 */
public final class SmsOutbox implements AutoCloseable {
    private static final String TARGET = "PinpointSMSVoiceV2.SendTextMessage";
    /** Requests answered at once: more than the send executions the local pipeline runs (SendSmsFunction's two queues). */
    static final int THREADS = 16;
    private static final String FEEDBACK_TARGET = "PinpointSMSVoiceV2.PutMessageFeedback";
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<Text> texts = new ArrayList<>();
    private double ratePerSecond;
    private double tokens;
    private long refilledAt;
    private long throttled;
    private final List<Feedback> feedback = new ArrayList<>();
    private volatile java.util.function.Consumer<Text> onText = text -> { };

    /** One {@code PutMessageFeedback} call: which message, and the status given (RECEIVED, FAILED). */
    public record Feedback(String messageId, String status, Instant receivedAt) {
    }

    /** One text as End User Messaging received it. */
    public record Text(
            String messageId,
            String destination,
            String originationIdentity,
            String body,
            String messageType,
            String configurationSet,
            Integer timeToLive,
            Map<String, String> context,
            boolean dryRun,
            Instant receivedAt) {

        /** The destination as a log line may show it: {@code +44******0123}. */
        public String maskedDestination() {
            String value = destination == null ? "" : destination;
            if (value.length() < 11) {
                return "*".repeat(Math.max(1, value.length()));
            }
            return value.substring(0, 3) + "*".repeat(value.length() - 7) + value.substring(value.length() - 4);
        }

        /** The first run of six digits in the body (a verification code), if any: tests read codes with it. */
        public Optional<String> code() {
            Matcher matcher = Pattern.compile("(?<!\\d)(\\d{6})(?!\\d)").matcher(body == null ? "" : body);
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        }

        /** Everything but the destination, for printing. */
        @Override
        public String toString() {
            return "Text[to=" + maskedDestination() + ", from=" + originationIdentity + ", type=" + messageType
                    + ", configurationSet=" + configurationSet + ", ttl=" + timeToLive + ", context=" + context
                    + ", dryRun=" + dryRun + ", messageId=" + messageId + "]";
        }
    }

    private SmsOutbox(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts the outbox on a free loopback port. */
    public static SmsOutbox start() {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** Starts the outbox on a given address (a fixed port, or all interfaces for a container to reach). */
    public static SmsOutbox start(InetSocketAddress address) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            // Requests are answered side by side, as End User Messaging answers them: one thread would hold every
            // send behind the delivery event the one before it publishes (about 140 ms against moto on 2 busy cores),
            // capping the stand-in at about 7 texts a second, under the rate it is meant to enforce.
            ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
                Thread thread = new Thread(runnable, "sms-outbox");
                thread.setDaemon(true);
                return thread;
            });
            SmsOutbox outbox = new SmsOutbox(server, executor);
            server.createContext("/", outbox::handle);
            server.setExecutor(executor);
            server.start();
            return outbox;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local SMS outbox", e);
        }
    }

    /** Where to point {@code AWS_ENDPOINT_URL_PINPOINT_SMS_VOICE_V2}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** Every text received so far, oldest first. */
    public synchronized List<Text> texts() {
        return List.copyOf(texts);
    }

    /** Waits up to {@code timeout} for at least {@code count} texts. */
    public List<Text> await(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Text> now = texts();
        while (now.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            now = texts();
        }
        return now;
    }

    /** The most recent text to {@code destination} (E.164), if any. */
    public Optional<Text> lastTo(String destination) {
        List<Text> all = texts();
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).destination().equals(destination)) {
                return Optional.of(all.get(i));
            }
        }
        return Optional.empty();
    }

    public synchronized void clear() {
        texts.clear();
        feedback.clear();
    }

    /** Called with every text recorded, before it is answered (the local stack publishes its delivery event). */
    public void onText(java.util.function.Consumer<Text> listener) {
        this.onText = listener;
    }

    /** Every {@code PutMessageFeedback} call so far, oldest first. */
    public synchronized List<Feedback> feedback() {
        return List.copyOf(feedback);
    }

    /** From now on, at most {@code perSecond} texts a second (a bucket of one second's worth); 0: no limit. */
    public synchronized void limitRate(double perSecond) {
        this.ratePerSecond = perSecond;
        this.tokens = Math.max(1, perSecond);
        this.refilledAt = System.nanoTime();
    }

    /** How many requests were answered ThrottlingException. */
    public synchronized long throttled() {
        return throttled;
    }

    /** True when this request may be sent under the rate (and takes its token). */
    private synchronized boolean takeToken() {
        if (ratePerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        tokens = Math.min(Math.max(1, ratePerSecond), tokens + (now - refilledAt) / 1e9 * ratePerSecond);
        refilledAt = now;
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        throttled++;
        return false;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if ("POST".equals(exchange.getRequestMethod()) && FEEDBACK_TARGET.equals(target)) {
                feedback(exchange);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !TARGET.equals(target)) {
                error(exchange, "UnknownOperationException", "the local outbox answers only " + TARGET);
                return;
            }
            JsonNode request = requestBody(exchange);
            if (request == null) {
                return;
            }
            String destination = request.path("DestinationPhoneNumber").asText("");
            String body = request.path("MessageBody").asText("");
            String origination = request.path("OriginationIdentity").asText("");
            if (!E164.matcher(destination).matches() || body.isEmpty() || origination.isEmpty()) {
                error(exchange, "ValidationException", "DestinationPhoneNumber (E.164), MessageBody and OriginationIdentity are required");
                return;
            }
            if (!takeToken()) {
                error(exchange, "ThrottlingException", "Rate exceeded");
                return;
            }
            Map<String, String> context = new LinkedHashMap<>();
            request.path("Context").fields().forEachRemaining(field -> context.put(field.getKey(), field.getValue().asText()));
            Text text = new Text(
                    UUID.randomUUID().toString(),
                    destination,
                    origination,
                    body,
                    request.path("MessageType").isMissingNode() ? null : request.path("MessageType").asText(),
                    request.path("ConfigurationSetName").isMissingNode() ? null : request.path("ConfigurationSetName").asText(),
                    request.path("TimeToLive").isNumber() ? request.path("TimeToLive").asInt() : null,
                    Map.copyOf(context),
                    request.path("DryRun").asBoolean(false),
                    Instant.now());
            synchronized (this) {
                texts.add(text);
            }
            if (!text.dryRun()) {
                // Before the answer, so that a test or the local pipeline that goes on after the send finds the event.
                try {
                    onText.accept(text);
                } catch (RuntimeException e) {
                    System.err.println("local outbox: the delivery event was not published: " + e);
                }
            }
            ObjectNode answer = JSON.createObjectNode().put("MessageId", text.messageId());
            respond(exchange, 200, answer.toString());
        }
    }

    /** The request's JSON body, or null once a SerializationException has been answered. */
    private static JsonNode requestBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return JSON.readTree(in);
        } catch (IOException e) {
            error(exchange, "SerializationException", "the body is not JSON");
            return null;
        }
    }

    /** {@code PutMessageFeedback}: recorded for a message this outbox sent; unknown ids get ResourceNotFoundException. */
    private void feedback(HttpExchange exchange) throws IOException {
        JsonNode request = requestBody(exchange);
        if (request == null) {
            return;
        }
        String messageId = request.path("MessageId").asText("");
        String status = request.path("MessageFeedbackStatus").asText("");
        if (!status.equals("RECEIVED") && !status.equals("FAILED")) {
            error(exchange, "ValidationException", "MessageFeedbackStatus is RECEIVED or FAILED");
            return;
        }
        synchronized (this) {
            if (texts.stream().noneMatch(t -> t.messageId().equals(messageId))) {
                error(exchange, 404, "ResourceNotFoundException", "no message " + messageId);
                return;
            }
            feedback.add(new Feedback(messageId, status, Instant.now()));
        }
        respond(exchange, 200, JSON.createObjectNode().put("MessageId", messageId).put("MessageFeedbackStatus", status).toString());
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        error(exchange, 400, type, message);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", type);
        respond(exchange, status, JSON.createObjectNode().put("__type", type).put("Message", message).toString());
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
