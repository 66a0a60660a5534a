package io.smsgate.shared.aws;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.json.MalformedJsonException;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.SimSwapSignal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpRetryException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CAMARA SIM Swap API ({@code POST {base}/check}, {@code {"phoneNumber":"+…","maxAge":hours}} →
 * {@code {"swapped":true|false}}) behind {@link SimSwapSignal}, with an OAuth 2.0 client-credentials
 * token from the provider's token URL.
 *
 * <ul>
 *   <li>One time budget per check ({@link Settings#timeout()}, at most 1 s) for everything the check
 *       needs: a token when there is none, the check, and one token refresh plus retry after a 401.</li>
 *   <li>The token is kept until {@link #TOKEN_MARGIN} before its {@code expires_in}.</li>
 *   <li>Clear answers are kept per number for {@link Settings#cacheFor()}, keyed by a SHA-256 of the
 *       number and the asked-for age (in memory only), so a burst of texts costs one call.</li>
 *   <li>Anything but a 200 with a boolean {@code swapped} is {@link SimSwapStatus#UNKNOWN}, logged with a
 *       {@link Reason} (never the number) and counted; {@link #check} never throws.</li>
 *   <li>HTTP/1.1 through {@link HttpURLConnection}, the stack the SDK's url-connection client already
 *       loads, with its keep-alive cache; not {@code java.net.http}, whose client added ~400 classes and
 *       a selector thread to every cold start of the functions that check (measured in
 *       docs/cold-start.md). The budget is enforced twice: each connect and read may take only what is
 *       left of it, and a timer disconnects an exchange still open when it runs out.</li>
 * </ul>
 */
public final class CamaraSimSwapSignal implements SimSwapSignal {
    private static final Logger LOG = LoggerFactory.getLogger(CamaraSimSwapSignal.class);
    /** The most a check may take, whatever the configuration says. */
    public static final Duration MAX_TIMEOUT = Duration.ofSeconds(1);
    /** A token is renewed this long before the provider says it expires. */
    static final Duration TOKEN_MARGIN = Duration.ofSeconds(30);
    /** When the token answer has no {@code expires_in}: keep it this long. */
    static final Duration DEFAULT_TOKEN_LIFE = Duration.ofSeconds(60);
    static final String METRIC = "SimSwapChecks";
    private static final int MAX_CACHED = 10_000;

    /** Why a check had no clear answer: the {@code Reason} of the log line and the metric. */
    public enum Reason {
        /** A clear answer (the metric's reason for SWAPPED / NOT_SWAPPED). */
        ANSWERED,
        /** Served from the per-number cache. */
        CACHED,
        MALFORMED_RESPONSE,
        BAD_REQUEST,
        UNAUTHORIZED,
        FORBIDDEN,
        UNKNOWN_NUMBER,
        CONFLICT,
        UNPROCESSABLE,
        RATE_LIMITED,
        PROVIDER_ERROR,
        UNEXPECTED_STATUS,
        TOKEN_REFUSED,
        TOKEN_MALFORMED,
        TIMEOUT,
        UNREACHABLE,
        INVALID_AGE,
        INTERRUPTED,
        /** Anything else that went wrong in the adapter itself. */
        FAULT
    }

    /** Where the provider is and how patient to be with it. */
    public record Settings(URI apiBase, URI tokenUrl, Duration timeout, Duration cacheFor) {
        public Settings {
            Objects.requireNonNull(apiBase, "apiBase");
            Objects.requireNonNull(tokenUrl, "tokenUrl");
            Objects.requireNonNull(timeout, "timeout");
            Objects.requireNonNull(cacheFor, "cacheFor");
            if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("the SIM-swap timeout must be more than 0 and at most " + MAX_TIMEOUT.toMillis() + " ms");
            }
            if (cacheFor.isNegative()) {
                throw new IllegalArgumentException("the SIM-swap cache time cannot be negative");
            }
        }

        /** {@code {base}/check}, whether or not the base ends with a slash. */
        URI checkUri() {
            String base = apiBase.toString();
            return URI.create((base.endsWith("/") ? base : base + "/") + "check");
        }
    }

    /** The OAuth client, from the Secrets Manager secret {@code {"clientId":…,"clientSecret":…}}. */
    public record Credentials(String clientId, String clientSecret) {
        public Credentials {
            if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
                throw new IllegalArgumentException("the SIM-swap credentials need a clientId and a clientSecret");
            }
        }

        /** Parses the secret's JSON; the message never contains the secret's value. */
        public static Credentials parse(String json) {
            JsonNode node;
            try {
                node = Json.object(json);
            } catch (MalformedJsonException e) {
                throw new IllegalArgumentException("the SIM-swap credentials secret is not a JSON object {\"clientId\":…,\"clientSecret\":…}");
            }
            if (!node.path("clientId").isTextual() || !node.path("clientSecret").isTextual()) {
                throw new IllegalArgumentException("the SIM-swap credentials secret needs the strings clientId and clientSecret");
            }
            return new Credentials(node.path("clientId").asText(), node.path("clientSecret").asText());
        }

        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    private record Token(String value, Instant renewAt) {
    }

    private record Cached(SimSwapStatus status, Instant until) {
    }

    /** An answer without a clear status, and why. */
    private static final class NoAnswer extends Exception {
        private final Reason reason;
        private final int status;

        NoAnswer(Reason reason, int status) {
            super(reason.name(), null, false, false);
            this.reason = reason;
            this.status = status;
        }
    }

    /** What the adapter reads of an answer at most: a CAMARA answer is a few dozen bytes. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** An answer: its status and body. */
    private record Answer(int status, String body) {
    }

    /** The one timer thread that disconnects exchanges past their budget; started by the first check. */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = timer();

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1,
                    task -> Thread.ofPlatform().daemon().name("sim-swap-deadline").unstarted(task));
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    private final Settings settings;
    private final String basicAuth;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private volatile Token token;

    public CamaraSimSwapSignal(Settings settings, Credentials credentials, Clock clock, Metrics metrics) {
        this.settings = settings;
        this.basicAuth = "Basic " + Base64.getEncoder().encodeToString(
                (form(credentials.clientId()) + ":" + form(credentials.clientSecret())).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.metrics = metrics;
    }

    @Override
    public boolean configured() {
        return true;
    }

    /**
     * SnapStart priming of a check without asking the provider (a billed lookup of a number): this
     * adapter's whole path, a token request, the check and both answers parsed, its HTTP exchange and its
     * deadline timer (what a first check would load, start and compile), against a stand-in on the
     * loopback interface inside this process that issues a token and answers "not swapped". It runs as a
     * copy of this adapter that counts no metric and keeps nothing (its token and answer cache are thrown
     * away); the stand-in closes every connection, so the keep-alive cache holds none to it. Throws when
     * the copy's check does not come back "not swapped".
     */
    public void primeOnLoopback() {
        try (LoopbackProvider provider = LoopbackProvider.start()) {
            CamaraSimSwapSignal copy = new CamaraSimSwapSignal(
                    new Settings(provider.base().resolve("/camara/"), provider.base().resolve(LoopbackProvider.TOKEN_PATH),
                            settings.timeout(), settings.cacheFor()),
                    new Credentials("priming", "priming"), clock, (metric, dimensions) -> { });
            SimSwapStatus status = copy.check(PhoneNumbers.trusted(LoopbackProvider.NUMBER), 24);
            if (status != SimSwapStatus.NOT_SWAPPED) {
                throw new IllegalStateException("the loopback SIM-swap check answered " + status);
            }
        }
    }

    /**
     * The smallest HTTP/1.1 server the priming check needs: on 127.0.0.1, an ephemeral port, one thread,
     * a token for {@code POST /token} and {@code {"swapped":false}} for anything else, each answer with
     * {@code Connection: close}. Not a provider stand-in for tests (see the emulator's SimSwapStandIn).
     */
    private static final class LoopbackProvider implements AutoCloseable {
        static final String TOKEN_PATH = "/token";
        /** Ofcom's drama range: no handset has it. */
        static final String NUMBER = "+447700900000";
        private final java.net.ServerSocket server;
        private final Thread thread;

        private LoopbackProvider(java.net.ServerSocket server) {
            this.server = server;
            this.thread = Thread.ofPlatform().daemon().name("sim-swap-priming").unstarted(this::serve);
        }

        static LoopbackProvider start() {
            try {
                LoopbackProvider provider = new LoopbackProvider(new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress()));
                provider.thread.start();
                return provider;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("no loopback port for SIM-swap priming", e);
            }
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/");
        }

        private void serve() {
            while (!server.isClosed()) {
                try (java.net.Socket socket = server.accept()) {
                    socket.setSoTimeout((int) MAX_TIMEOUT.toMillis());
                    String path = readRequest(socket.getInputStream());
                    String body = TOKEN_PATH.equals(path)
                            ? "{\"access_token\":\"priming\",\"token_type\":\"Bearer\",\"expires_in\":3600}"
                            : "{\"swapped\":false}";
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    socket.getOutputStream().write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                            + bytes.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    socket.getOutputStream().write(bytes);
                    socket.getOutputStream().flush();
                } catch (java.io.IOException e) {
                    // Closed (the end of priming) or a client that gave up: nothing to answer.
                }
            }
        }

        /** Reads the head and the body (by Content-Length); returns the request's path. */
        private static String readRequest(java.io.InputStream in) throws java.io.IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new java.io.EOFException("request ended in its head");
                }
                head.append((char) b);
            }
            String[] lines = head.toString().split("\r\n");
            int length = 0;
            for (String line : lines) {
                if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            String[] first = lines[0].split(" ");
            return first.length > 1 ? URI.create(first[1]).getPath() : "";
        }

        @Override
        public void close() {
            try {
                server.close();
                thread.join(MAX_TIMEOUT.toMillis());
            } catch (java.io.IOException e) {
                // Closing a listening socket: nothing left to do.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public SimSwapStatus check(PhoneNumber number, int maxAgeHours) {
        try {
            if (maxAgeHours < SimSwapCheck.MIN_MAX_AGE_HOURS || maxAgeHours > SimSwapCheck.MAX_MAX_AGE_HOURS) {
                return unknown(Reason.INVALID_AGE, 0);
            }
            String key = cacheKey(number, maxAgeHours);
            Instant now = clock.instant();
            Cached cached = cache.get(key);
            if (cached != null && now.isBefore(cached.until())) {
                return answered(cached.status(), Reason.CACHED);
            }
            long deadline = System.nanoTime() + settings.timeout().toNanos();
            SimSwapStatus status = ask(number, maxAgeHours, deadline);
            remember(key, status, clock.instant());
            return answered(status, Reason.ANSWERED);
        } catch (NoAnswer e) {
            return unknown(e.reason, e.status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unknown(Reason.INTERRUPTED, 0);
        } catch (RuntimeException e) {
            // Never out of check: a fault here must not decide for the caller, the policy does (UNKNOWN).
            LOG.warn("SIM-swap check failed unexpectedly: {}", e.getClass().getSimpleName());
            return unknown(Reason.FAULT, 0);
        }
    }

    private SimSwapStatus ask(PhoneNumber number, int maxAgeHours, long deadline) throws NoAnswer, InterruptedException {
        String body = Json.mapper().createObjectNode().put("phoneNumber", number.e164()).put("maxAge", maxAgeHours).toString();
        Token current = token(deadline, false);
        Answer response = post(settings.checkUri(), "application/json", "Bearer " + current.value(), body, deadline);
        if (response.status() == 401) {
            invalidate(current);
            response = post(settings.checkUri(), "application/json", "Bearer " + token(deadline, true).value(), body, deadline);
        }
        int status = response.status();
        if (status == 200) {
            JsonNode swapped;
            try {
                swapped = Json.object(response.body()).path("swapped");
            } catch (MalformedJsonException e) {
                throw new NoAnswer(Reason.MALFORMED_RESPONSE, status);
            }
            if (!swapped.isBoolean()) {
                throw new NoAnswer(Reason.MALFORMED_RESPONSE, status);
            }
            return swapped.booleanValue() ? SimSwapStatus.SWAPPED : SimSwapStatus.NOT_SWAPPED;
        }
        throw new NoAnswer(switch (status) {
            case 400 -> Reason.BAD_REQUEST;
            case 401 -> Reason.UNAUTHORIZED;
            case 403 -> Reason.FORBIDDEN;
            case 404 -> Reason.UNKNOWN_NUMBER;
            case 409 -> Reason.CONFLICT;
            case 422 -> Reason.UNPROCESSABLE;
            case 429 -> Reason.RATE_LIMITED;
            default -> status >= 500 && status <= 599 ? Reason.PROVIDER_ERROR : Reason.UNEXPECTED_STATUS;
        }, status);
    }

    /** The cached token, or a new one when there is none, it is due for renewal, or {@code fresh} asks for one. */
    private Token token(long deadline, boolean fresh) throws NoAnswer, InterruptedException {
        Token current = token;
        if (!fresh && current != null && clock.instant().isBefore(current.renewAt())) {
            return current;
        }
        Answer response = post(settings.tokenUrl(), "application/x-www-form-urlencoded", basicAuth, "grant_type=client_credentials",
                deadline);
        if (response.status() != 200) {
            throw new NoAnswer(Reason.TOKEN_REFUSED, response.status());
        }
        JsonNode answer;
        try {
            answer = Json.object(response.body());
        } catch (MalformedJsonException e) {
            throw new NoAnswer(Reason.TOKEN_MALFORMED, 200);
        }
        JsonNode value = answer.path("access_token");
        JsonNode type = answer.path("token_type");
        if (!value.isTextual() || value.asText().isBlank() || (!type.isMissingNode() && !"bearer".equalsIgnoreCase(type.asText()))) {
            throw new NoAnswer(Reason.TOKEN_MALFORMED, 200);
        }
        Duration life = answer.path("expires_in").canConvertToLong() && answer.path("expires_in").asLong() > 0
                ? Duration.ofSeconds(answer.path("expires_in").asLong()) : DEFAULT_TOKEN_LIFE;
        Duration margin = life.compareTo(TOKEN_MARGIN.multipliedBy(2)) > 0 ? TOKEN_MARGIN : life.dividedBy(2);
        Token next = new Token(value.asText(), clock.instant().plus(life).minus(margin));
        token = next;
        return next;
    }

    private void invalidate(Token rejected) {
        if (token == rejected) {
            token = null;
        }
    }

    /**
     * One POST within what is left of the check's budget, answer included: connect and each read may take
     * only what is left, and the deadline timer disconnects the exchange if it is still open then. The body
     * is sent with a fixed length, so the connection never resends it by itself (a retried check would be
     * a second billed lookup).
     */
    private Answer post(URI uri, String contentType, String authorization, String body, long deadline)
            throws NoAnswer, InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        int left = millisLeft(deadline);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        HttpURLConnection connection;
        try {
            connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setRequestMethod("POST");
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            throw new NoAnswer(Reason.UNREACHABLE, 0);
        }
        connection.setConnectTimeout(left);
        connection.setReadTimeout(left);
        connection.setInstanceFollowRedirects(false);
        connection.setUseCaches(false);
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(bytes.length);
        connection.setRequestProperty("Content-Type", contentType);
        connection.setRequestProperty("Accept", "application/json");
        connection.setRequestProperty("Authorization", authorization);
        ScheduledFuture<?> stop = Deadlines.TIMER.schedule(connection::disconnect, Math.max(0, deadline - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        try {
            try (OutputStream out = connection.getOutputStream()) {
                out.write(bytes);
            }
            int status;
            try {
                status = connection.getResponseCode();
            } catch (HttpRetryException e) { // a 401 in streaming mode: its status is what the check needs
                return new Answer(e.responseCode(), "");
            }
            InputStream in = status >= 400 ? connection.getErrorStream() : connection.getInputStream();
            if (in == null) {
                return new Answer(status, "");
            }
            try (in) {
                return new Answer(status, new String(in.readNBytes(MAX_ANSWER_BYTES), StandardCharsets.UTF_8));
            }
        } catch (SocketTimeoutException e) {
            throw new NoAnswer(Reason.TIMEOUT, 0);
        } catch (IOException e) { // refused, reset, DNS, TLS; or disconnected by the deadline timer
            throw new NoAnswer(System.nanoTime() - deadline >= 0 ? Reason.TIMEOUT : Reason.UNREACHABLE, 0);
        } finally {
            stop.cancel(false);
        }
    }

    /** What is left of the budget in whole milliseconds (at least 1: 0 means "no timeout" to a connection). */
    private static int millisLeft(long deadline) throws NoAnswer {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new NoAnswer(Reason.TIMEOUT, 0);
        }
        return (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
    }

    private void remember(String key, SimSwapStatus status, Instant now) {
        if (settings.cacheFor().isZero()) {
            return;
        }
        if (cache.size() >= MAX_CACHED) {
            cache.values().removeIf(entry -> !now.isBefore(entry.until()));
            if (cache.size() >= MAX_CACHED) {
                cache.clear();
            }
        }
        cache.put(key, new Cached(status, now.plus(settings.cacheFor())));
    }

    /** In memory only, never logged: a digest, so no raw number sits in the map either. */
    private static String cacheKey(PhoneNumber number, int maxAgeHours) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((maxAgeHours + "|" + number.e164()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }

    private SimSwapStatus answered(SimSwapStatus status, Reason reason) {
        metrics.count(METRIC, Map.of("Outcome", status.name(), "Reason", reason.name()));
        return status;
    }

    private SimSwapStatus unknown(Reason reason, int httpStatus) {
        LOG.warn("SIM-swap check answered UNKNOWN: reason={} httpStatus={}", reason, httpStatus);
        metrics.count(METRIC, Map.of("Outcome", SimSwapStatus.UNKNOWN.name(), "Reason", reason.name()));
        return SimSwapStatus.UNKNOWN;
    }

    /** RFC 6749 2.3.1: client id and secret are form-encoded before they are joined for Basic auth. */
    private static String form(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
