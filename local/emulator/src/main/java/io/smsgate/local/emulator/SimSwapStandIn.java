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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The local stand-in for a CAMARA SIM Swap provider, as {@link SmsOutbox} stands in for End User
 * Messaging: a small HTTP server speaking the two calls smsgate makes, the OAuth 2.0 client-credentials
 * token ({@code POST /oauth2/token}) and the check ({@code POST /sim-swap/v0/check}
 * {@code {"phoneNumber","maxAge"}} → {@code {"swapped":bool}}). Every number is not swapped until a
 * test, the demo or {@code smsgate} marks it: {@link #markSwapped(String)} (now), or
 * {@link #markSwapped(String, Duration)} (that long ago, so a policy's {@code simSwapMaxAgeHours} decides),
 * {@link #markUnknown(String)} (the operator does not know it: 404), {@link #restore(String)}. Other
 * processes do the same over HTTP: {@code POST /local/swapped}, {@code /local/unknown} or
 * {@code /local/restored} with {@code {"phoneNumber":"+…","hoursAgo":N}}.
 *
 * <p>Like a provider it answers 401 without a token it issued, 400 for a malformed request, and only to
 * the client id and secret of {@link #credentialsJson()} (the secret the local stack puts in Secrets
 * Manager).
 */
public final class SimSwapStandIn implements AutoCloseable {
    public static final String CLIENT_ID = "smsgate-local";
    public static final String CLIENT_SECRET = "smsgate-local-sim-swap-not-a-secret";
    public static final String CHECK_PATH = "/sim-swap/v0/check";
    public static final String TOKEN_PATH = "/oauth2/token";
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Clock clock;
    private final Map<String, Instant> swappedAt = new HashMap<>();
    private final Set<String> unknown = new HashSet<>();
    private final Set<String> tokens = new HashSet<>();
    private final List<Check> checks = new ArrayList<>();

    /** One check as the stand-in answered it ({@code status} 200 with {@code swapped}, or the error status). */
    public record Check(String phoneNumber, int maxAge, int status, Boolean swapped, Instant at) {
        /** Masked, so a check can be printed: {@code +44******0123}. */
        @Override
        public String toString() {
            String value = phoneNumber == null ? "" : phoneNumber;
            String masked = value.length() < 11 ? "*".repeat(Math.max(1, value.length()))
                    : value.substring(0, 3) + "*".repeat(value.length() - 7) + value.substring(value.length() - 4);
            return "Check[" + masked + ", maxAge=" + maxAge + ", status=" + status + ", swapped=" + swapped + "]";
        }
    }

    private SimSwapStandIn(HttpServer server, ExecutorService executor, Clock clock) {
        this.server = server;
        this.executor = executor;
        this.clock = clock;
    }

    /** Starts on a free loopback port, with the system clock. */
    public static SimSwapStandIn start() {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Clock.systemUTC());
    }

    public static SimSwapStandIn start(InetSocketAddress address, Clock clock) {
        try {
            HttpServer server = HttpServer.create(address, 0);
            ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
                Thread thread = new Thread(runnable, "sim-swap-stand-in");
                thread.setDaemon(true);
                return thread;
            });
            SimSwapStandIn standIn = new SimSwapStandIn(server, executor, clock);
            server.createContext("/", standIn::handle);
            server.setExecutor(executor);
            server.start();
            return standIn;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the local SIM-swap stand-in", e);
        }
    }

    private URI root() {
        return URI.create("http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort());
    }

    /** What {@code SIM_SWAP_API_URL} is set to: the check is {@code apiBase()/check}. */
    public URI apiBase() {
        return URI.create(root() + CHECK_PATH.substring(0, CHECK_PATH.lastIndexOf('/')));
    }

    /** What {@code SIM_SWAP_TOKEN_URL} is set to. */
    public URI tokenUrl() {
        return URI.create(root() + TOKEN_PATH);
    }

    /** The Secrets Manager secret's value for {@code SIM_SWAP_CREDENTIALS_SECRET_ARN}. */
    public static String credentialsJson() {
        return JSON.createObjectNode().put("clientId", CLIENT_ID).put("clientSecret", CLIENT_SECRET).toString();
    }

    /** The SIM of {@code e164} changed just now. */
    public void markSwapped(String e164) {
        markSwapped(e164, Duration.ZERO);
    }

    /** The SIM of {@code e164} changed {@code ago}: a check with a shorter maxAge says not swapped. */
    public synchronized void markSwapped(String e164, Duration ago) {
        requireE164(e164);
        unknown.remove(e164);
        swappedAt.put(e164, clock.instant().minus(ago));
    }

    /** The operator does not know {@code e164}: checks answer 404. */
    public synchronized void markUnknown(String e164) {
        requireE164(e164);
        swappedAt.remove(e164);
        unknown.add(e164);
    }

    /** Back to an ordinary, never-swapped number. */
    public synchronized void restore(String e164) {
        swappedAt.remove(e164);
        unknown.remove(e164);
    }

    /** Every check answered so far, oldest first. */
    public synchronized List<Check> checks() {
        return List.copyOf(checks);
    }

    public synchronized void clear() {
        swappedAt.clear();
        unknown.clear();
        checks.clear();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private static void requireE164(String e164) {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new IllegalArgumentException("not an E.164 number (+ and 7-15 digits)");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error(405, "METHOD_NOT_ALLOWED", "POST only"));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            switch (path) {
                case TOKEN_PATH -> token(exchange, new String(body, StandardCharsets.UTF_8));
                case CHECK_PATH -> check(exchange, body);
                case "/local/swapped", "/local/unknown", "/local/restored" -> mark(exchange, path, body);
                default -> respond(exchange, 404, error(404, "NOT_FOUND", "the stand-in answers " + TOKEN_PATH + " and " + CHECK_PATH));
            }
        }
    }

    private void token(HttpExchange exchange, String form) throws IOException {
        String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            respond(exchange, 401, JSON.createObjectNode().put("error", "invalid_client").toString());
            return;
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        if (!"client_credentials".equals(fields.get("grant_type"))) {
            respond(exchange, 400, JSON.createObjectNode().put("error", "unsupported_grant_type").toString());
            return;
        }
        String token = "local-" + UUID.randomUUID();
        synchronized (this) {
            tokens.add(token);
        }
        respond(exchange, 200, JSON.createObjectNode().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", 3600).toString());
    }

    private void check(HttpExchange exchange, byte[] body) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        boolean known;
        synchronized (this) {
            known = authorization != null && authorization.startsWith("Bearer ") && tokens.contains(authorization.substring(7));
        }
        if (!known) {
            respond(exchange, 401, error(401, "UNAUTHENTICATED", "no valid access token"));
            return;
        }
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            request = null;
        }
        JsonNode number = request == null ? null : request.path("phoneNumber");
        JsonNode maxAge = request == null ? null : request.path("maxAge");
        boolean ageOk = maxAge != null && (maxAge.isMissingNode() || (maxAge.isInt() && maxAge.asInt() >= 1 && maxAge.asInt() <= 2400));
        if (request == null || !request.isObject() || !number.isTextual() || !E164.matcher(number.asText()).matches() || !ageOk) {
            record(new Check(number != null && number.isTextual() ? number.asText() : null, 0, 400, null, clock.instant()));
            respond(exchange, 400, error(400, "INVALID_ARGUMENT", "phoneNumber (E.164) and maxAge (1-2400) are required"));
            return;
        }
        String e164 = number.asText();
        int hours = maxAge.isMissingNode() ? 240 : maxAge.asInt();
        Instant now = clock.instant();
        Boolean swapped;
        int status;
        synchronized (this) {
            if (unknown.contains(e164)) {
                status = 404;
                swapped = null;
            } else {
                Instant at = swappedAt.get(e164);
                status = 200;
                swapped = at != null && !at.isBefore(now.minus(Duration.ofHours(hours)));
            }
        }
        record(new Check(e164, hours, status, swapped, now));
        if (status == 404) {
            respond(exchange, 404, error(404, "IDENTIFIER_NOT_FOUND", "the operator does not know this number"));
        } else {
            respond(exchange, 200, JSON.createObjectNode().put("swapped", swapped).toString());
        }
    }

    private void mark(HttpExchange exchange, String path, byte[] body) throws IOException {
        try {
            JsonNode request = JSON.readTree(body);
            String e164 = request.path("phoneNumber").asText("");
            switch (path) {
                case "/local/swapped" -> markSwapped(e164, Duration.ofHours(Math.max(0, request.path("hoursAgo").asInt(0))));
                case "/local/unknown" -> markUnknown(e164);
                default -> restore(e164);
            }
            respond(exchange, 204, null);
        } catch (IOException | IllegalArgumentException e) {
            respond(exchange, 400, error(400, "INVALID_ARGUMENT", "{\"phoneNumber\":\"+…\",\"hoursAgo\":N} expected"));
        }
    }

    private synchronized void record(Check check) {
        checks.add(check);
    }

    private static String error(int status, String code, String message) {
        return JSON.createObjectNode().put("status", status).put("code", code).put("message", message).toString();
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        if (json == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
