package io.smsgate.shared.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.Metrics;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CAMARA SIM Swap adapter against WireMock answering as a provider does: the token request and the
 * check request asserted field by field, and every kind of answer mapped (200 true/false, malformed 200,
 * 400, 401 with one refresh, 403, 404, 409, 422, 429, 5xx, a timeout, a refused connection).
 */
class CamaraSimSwapSignalIT {
    private static final String CHECK = "/camara/sim-swap/v1/check";
    private static final String TOKEN = "/oauth2/token";
    private static final String NUMBER = "+447700900123";
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private final List<Map<String, String>> metrics = Collections.synchronizedList(new ArrayList<>());
    private final Metrics recording = (metric, dimensions) -> {
        assertThat(metric).isEqualTo("SimSwapChecks");
        metrics.add(dimensions);
    };
    private final MutableClock clock = new MutableClock(START);
    private WireMockServer provider;
    private LogCapture logs;
    private PhoneNumber number;

    /**
     * The adapter's HTTP path warmed once, against a provider of its own: the first requests of a fresh
     * JVM (JIT, class loading, WireMock's own warm-up) can take longer than the 1 s budget on a busy machine.
     */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() {
        WireMockServer warm = new WireMockServer(options().dynamicPort());
        warm.start();
        try {
            warm.stubFor(post(TOKEN).willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"w\",\"expires_in\":3600}")));
            warm.stubFor(post(CHECK).willReturn(aResponse().withStatus(200).withBody("{\"swapped\":false}")));
            var settings = new CamaraSimSwapSignal.Settings(URI.create(warm.baseUrl() + "/camara/sim-swap/v1"),
                    URI.create(warm.baseUrl() + TOKEN), Duration.ofSeconds(1), Duration.ZERO);
            var signal = new CamaraSimSwapSignal(settings, new CamaraSimSwapSignal.Credentials("w", "w"),
                    new MutableClock(START), (metric, dimensions) -> { });
            for (int i = 0; i < 10; i++) {
                signal.check(PhoneNumbers.trusted(NUMBER), 240);
            }
        } finally {
            warm.stop();
        }
    }

    @BeforeEach
    void start() {
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        HttpWarmUp.warm(provider);
        logs = LogCapture.start();
        number = PhoneNumbers.trusted(NUMBER);
        token("tok-1", 3600);
    }

    @AfterEach
    void stop() {
        logs.close();
        provider.stop();
    }

    private CamaraSimSwapSignal signal(Duration timeout, Duration cacheFor) {
        return signal(URI.create(provider.baseUrl() + "/camara/sim-swap/v1"), timeout, cacheFor);
    }

    private CamaraSimSwapSignal signal(URI base, Duration timeout, Duration cacheFor) {
        var settings = new CamaraSimSwapSignal.Settings(base, URI.create(provider.baseUrl() + TOKEN), timeout, cacheFor);
        return new CamaraSimSwapSignal(settings, new CamaraSimSwapSignal.Credentials("smsgate-client", "s3cr3t:with/odd chars"),
                clock, recording);
    }

    private CamaraSimSwapSignal signal() {
        return signal(Duration.ofSeconds(1), Duration.ofMinutes(5));
    }

    private void token(String value, int expiresIn) {
        provider.stubFor(post(TOKEN).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"" + value + "\",\"token_type\":\"Bearer\",\"expires_in\":" + expiresIn + "}")));
    }

    private void answer(int status, String body) {
        provider.stubFor(post(CHECK).willReturn(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body)));
    }

    private List<LoggedRequest> requests(String path) {
        return provider.findAll(postRequestedFor(urlEqualTo(path)));
    }

    /** SnapStart priming runs the whole check on loopback: the provider hears nothing, no metric is counted, nothing is kept. */
    @Test
    void primingOnLoopbackAsksNoProviderCountsNothingAndKeepsNothing() {
        answer(200, "{\"swapped\":true}");
        CamaraSimSwapSignal signal = signal();

        for (int round = 0; round < 3; round++) {
            signal.primeOnLoopback();
        }

        assertThat(provider.getAllServeEvents()).as("the provider was never asked, token included").isEmpty();
        assertThat(metrics).isEmpty();
        assertThat(logs.lines()).noneMatch(line -> line.contains("UNKNOWN"));
        // The adapter's own state is untouched: its first check gets its token from the provider, then asks.
        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.SWAPPED);
        provider.verify(1, postRequestedFor(urlEqualTo(TOKEN)));
        provider.verify(1, postRequestedFor(urlEqualTo(CHECK)));
        assertThat(metrics).containsExactly(Map.of("Outcome", "SWAPPED", "Reason", "ANSWERED"));
    }

    @Test
    void aSwapIsAskedForWithATokenAndTheRequestIsExactlyTheCamaraOne() {
        answer(200, "{\"swapped\":true}");

        assertThat(signal().check(number, 240)).isEqualTo(SimSwapStatus.SWAPPED);

        List<LoggedRequest> tokens = requests(TOKEN);
        assertThat(tokens).hasSize(1);
        LoggedRequest token = tokens.getFirst();
        assertThat(token.getMethod().getName()).isEqualTo("POST");
        assertThat(token.getHeader("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(token.getBodyAsString()).isEqualTo("grant_type=client_credentials");
        String basic = new String(Base64.getDecoder().decode(token.getHeader("Authorization").substring("Basic ".length())),
                StandardCharsets.UTF_8);
        assertThat(token.getHeader("Authorization")).startsWith("Basic ");
        assertThat(basic).as("RFC 6749 2.3.1: id and secret form-encoded, then joined").isEqualTo("smsgate-client:s3cr3t%3Awith%2Fodd+chars");

        List<LoggedRequest> checks = requests(CHECK);
        assertThat(checks).hasSize(1);
        LoggedRequest check = checks.getFirst();
        assertThat(check.getMethod().getName()).isEqualTo("POST");
        assertThat(check.getUrl()).isEqualTo(CHECK);
        assertThat(check.getHeader("Authorization")).isEqualTo("Bearer tok-1");
        assertThat(check.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(check.getHeader("Accept")).isEqualTo("application/json");
        JsonNode body = Json.tree(check.getBodyAsString());
        assertThat(body.size()).as("only phoneNumber and maxAge").isEqualTo(2);
        assertThat(body.path("phoneNumber").isTextual()).isTrue();
        assertThat(body.path("phoneNumber").asText()).isEqualTo(NUMBER);
        assertThat(body.path("maxAge").isInt()).as("hours, as a JSON integer").isTrue();
        assertThat(body.path("maxAge").asInt()).isEqualTo(240);

        assertThat(metrics).containsExactly(Map.of("Outcome", "SWAPPED", "Reason", "ANSWERED"));
    }

    @Test
    void noSwapIsNotSwappedAndTheAgeAskedForIsSent() {
        answer(200, "{\"swapped\":false}");

        assertThat(signal().check(number, 24)).isEqualTo(SimSwapStatus.NOT_SWAPPED);

        assertThat(Json.tree(requests(CHECK).getFirst().getBodyAsString()).path("maxAge").asInt()).isEqualTo(24);
        assertThat(metrics).containsExactly(Map.of("Outcome", "NOT_SWAPPED", "Reason", "ANSWERED"));
    }

    @Test
    void aBaseWithATrailingSlashStillPostsToCheck() {
        answer(200, "{\"swapped\":false}");

        var signal = signal(URI.create(provider.baseUrl() + "/camara/sim-swap/v1/"), Duration.ofSeconds(1), Duration.ofMinutes(5));

        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.NOT_SWAPPED);
        assertThat(requests(CHECK)).hasSize(1);
    }

    @Test
    void theTokenIsKeptUntilShortlyBeforeItExpiresThenRenewed() {
        answer(200, "{\"swapped\":false}");
        var signal = signal(Duration.ofSeconds(1), Duration.ZERO);

        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.NOT_SWAPPED);
        clock.advance(Duration.ofSeconds(3600).minus(CamaraSimSwapSignal.TOKEN_MARGIN).minusSeconds(1));
        assertThat(signal.check(PhoneNumbers.trusted("+447700900124"), 240)).isEqualTo(SimSwapStatus.NOT_SWAPPED);
        assertThat(requests(TOKEN)).as("still valid: reused").hasSize(1);

        token("tok-2", 3600);
        clock.advance(Duration.ofSeconds(2));
        signal.check(number, 240);

        assertThat(requests(TOKEN)).as("within the margin: renewed").hasSize(2);
        assertThat(requests(CHECK)).extracting(r -> r.getHeader("Authorization"))
                .containsExactly("Bearer tok-1", "Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void a401RefreshesTheTokenOnceAndRetries() {
        provider.stubFor(post(CHECK).inScenario("expired").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("{\"code\":\"UNAUTHENTICATED\"}"))
                .willSetStateTo("refreshed"));
        provider.stubFor(post(CHECK).inScenario("expired").whenScenarioStateIs("refreshed")
                .withHeader("Authorization", equalTo("Bearer tok-2"))
                .willReturn(aResponse().withStatus(200).withBody("{\"swapped\":true}")));
        var signal = signal();
        provider.stubFor(post(TOKEN).inScenario("tokens").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"tok-1\",\"expires_in\":3600}"))
                .willSetStateTo("second"));
        provider.stubFor(post(TOKEN).inScenario("tokens").whenScenarioStateIs("second")
                .willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"tok-2\",\"expires_in\":3600}")));

        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.SWAPPED);

        assertThat(requests(TOKEN)).hasSize(2);
        assertThat(requests(CHECK)).extracting(r -> r.getHeader("Authorization")).containsExactly("Bearer tok-1", "Bearer tok-2");
    }

    @Test
    void a401AfterTheRefreshIsUnknownAndNotRetriedAgain() {
        answer(401, "{\"code\":\"UNAUTHENTICATED\"}");

        assertThat(signal().check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat(requests(TOKEN)).hasSize(2);
        assertThat(requests(CHECK)).hasSize(2);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "UNAUTHORIZED"));
    }

    @ParameterizedTest(name = "{0} -> UNKNOWN ({1})")
    @CsvSource({
        "400, BAD_REQUEST",
        "403, FORBIDDEN",
        "404, UNKNOWN_NUMBER",
        "409, CONFLICT",
        "422, UNPROCESSABLE",
        "429, RATE_LIMITED",
        "500, PROVIDER_ERROR",
        "502, PROVIDER_ERROR",
        "503, PROVIDER_ERROR",
        "302, UNEXPECTED_STATUS",
    })
    void everyErrorIsUnknownWithItsReasonAndIsNotCached(int status, String reason) {
        answer(status, "{\"status\":" + status + ",\"code\":\"ERROR\",\"message\":\"about " + NUMBER + "\"}");
        var signal = signal();

        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);
        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat(requests(CHECK)).as("no answer is not remembered: asked again").hasSize(2);
        assertThat(requests(TOKEN)).as("the token is fine: one").hasSize(1);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", reason), Map.of("Outcome", "UNKNOWN", "Reason", reason));
        assertThat(logs.all()).contains("reason=" + reason).contains("httpStatus=" + status)
                .doesNotContain(NUMBER).doesNotContain("7700900123");
    }

    @ParameterizedTest(name = "200 {0} -> UNKNOWN")
    @ValueSource(strings = {"not json", "{}", "{\"swapped\":\"true\"}", "{\"swapped\":null}", "[true]", "{\"swapped\":1}", ""})
    void aMalformed200IsUnknown(String body) {
        answer(200, body);

        assertThat(signal().check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "MALFORMED_RESPONSE"));
    }

    @Test
    void clearAnswersAreCachedPerNumberAndAgeForTheConfiguredTime() {
        answer(200, "{\"swapped\":false}");
        var signal = signal(Duration.ofSeconds(1), Duration.ofMinutes(5));

        signal.check(number, 240);
        signal.check(number, 240);
        assertThat(requests(CHECK)).as("the second from the cache").hasSize(1);
        signal.check(number, 24);
        signal.check(PhoneNumbers.trusted("+447700900124"), 240);
        assertThat(requests(CHECK)).as("another age, another number: asked").hasSize(3);

        answer(200, "{\"swapped\":true}");
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.NOT_SWAPPED);
        clock.advance(Duration.ofSeconds(1));
        assertThat(signal.check(number, 240)).as("expired: asked again").isEqualTo(SimSwapStatus.SWAPPED);
        assertThat(requests(CHECK)).hasSize(4);
        assertThat(metrics).filteredOn(m -> m.get("Reason").equals("CACHED")).hasSize(2);
    }

    @Test
    void aSlowProviderIsUnknownWithinTheBudget() {
        provider.stubFor(post(CHECK).willReturn(aResponse().withStatus(200).withBody("{\"swapped\":true}").withFixedDelay(6000)));
        var signal = signal(Duration.ofMillis(400), Duration.ofMinutes(5));
        signal.check(PhoneNumbers.trusted("+447700900999"), 240); // warms the client; its outcome does not matter here
        metrics.clear();

        long started = System.nanoTime();
        SimSwapStatus status = signal.check(number, 240);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(status).isEqualTo(SimSwapStatus.UNKNOWN);
        // The budget, not the provider's 6 s, decides; the slack is for a busy machine's scheduling.
        assertThat(tookMillis).as("bounded by the 400 ms budget").isBetween(350L, 2500L);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "TIMEOUT"));
    }

    /** Each part of the answer arrives well within a read's timeout; only the deadline timer can stop it at the budget. */
    @Test
    void aProviderThatDripsItsAnswerIsCutOffAtTheBudget() {
        provider.stubFor(post(CHECK).willReturn(aResponse().withStatus(200).withBody("{\"swapped\":true}" + " ".repeat(40))
                .withChunkedDribbleDelay(20, 4000)));
        var signal = signal(Duration.ofMillis(400), Duration.ofMinutes(5));
        signal.check(PhoneNumbers.trusted("+447700900999"), 240); // warms the path; its outcome does not matter here
        metrics.clear();

        long started = System.nanoTime();
        SimSwapStatus status = signal.check(number, 240);
        long tookMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(status).isEqualTo(SimSwapStatus.UNKNOWN);
        assertThat(tookMillis).as("bounded by the 400 ms budget, not the 4 s the answer takes").isBetween(350L, 2500L);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "TIMEOUT"));
    }

    @Test
    void theBudgetCoversTheTokenCallToo() {
        provider.stubFor(post(TOKEN).willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"tok-1\",\"expires_in\":3600}")
                .withFixedDelay(6000)));
        answer(200, "{\"swapped\":true}");

        long started = System.nanoTime();
        assertThat(signal(Duration.ofMillis(400), Duration.ZERO).check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat((System.nanoTime() - started) / 1_000_000).as("the token's 6 s did not count beyond the budget").isLessThan(2500L);
        assertThat(requests(CHECK)).isEmpty();
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "TIMEOUT"));
    }

    @Test
    void aRefusedConnectionIsUnknown() throws Exception {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var settings = new CamaraSimSwapSignal.Settings(URI.create("http://127.0.0.1:" + closed + "/sim-swap"),
                URI.create("http://127.0.0.1:" + closed + "/token"), Duration.ofSeconds(1), Duration.ZERO);
        var signal = new CamaraSimSwapSignal(settings, new CamaraSimSwapSignal.Credentials("a", "b"), clock, recording);

        assertThat(signal.check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "UNREACHABLE"));
    }

    @Test
    void aDroppedConnectionIsUnknown() {
        provider.stubFor(post(CHECK).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));

        assertThat(signal().check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", "UNREACHABLE"));
    }

    @ParameterizedTest(name = "token {0} {1} -> UNKNOWN ({2})")
    @CsvSource(delimiter = '|', value = {
        "401 | {\"error\":\"invalid_client\"}                      | TOKEN_REFUSED",
        "500 | oops                                                | TOKEN_REFUSED",
        "200 | not json                                            | TOKEN_MALFORMED",
        "200 | {\"token_type\":\"Bearer\"}                         | TOKEN_MALFORMED",
        "200 | {\"access_token\":\"t\",\"token_type\":\"mac\"}     | TOKEN_MALFORMED",
    })
    void aTokenThatCannotBeHadIsUnknownAndTheCheckIsNotSent(int status, String body, String reason) {
        provider.stubFor(post(TOKEN).willReturn(aResponse().withStatus(status).withBody(body)));
        answer(200, "{\"swapped\":true}");

        assertThat(signal().check(number, 240)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat(requests(CHECK)).isEmpty();
        assertThat(metrics).containsExactly(Map.of("Outcome", "UNKNOWN", "Reason", reason));
        assertThat(logs.all()).doesNotContain("s3cr3t");
    }

    @Test
    void anAgeOutsideCamarasRangeIsUnknownWithoutACall() {
        answer(200, "{\"swapped\":true}");
        var signal = signal();

        assertThat(signal.check(number, 0)).isEqualTo(SimSwapStatus.UNKNOWN);
        assertThat(signal.check(number, 2401)).isEqualTo(SimSwapStatus.UNKNOWN);

        assertThat(provider.getAllServeEvents()).isEmpty();
        assertThat(metrics).extracting(m -> m.get("Reason")).containsExactly("INVALID_AGE", "INVALID_AGE");
    }

    @Test
    void noLogLineCarriesTheNumber() {
        answer(200, "{\"swapped\":true}");
        var signal = signal();
        signal.check(number, 240);
        answer(503, "{}");
        signal.check(PhoneNumbers.trusted("+447700900124"), 240);

        assertThat(logs.lines()).isNotEmpty();
        assertThat(logs.all()).doesNotContain("7700900123").doesNotContain("7700900124");
    }
}
