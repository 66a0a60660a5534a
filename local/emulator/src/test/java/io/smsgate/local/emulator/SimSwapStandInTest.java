package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local SIM-swap provider speaks CAMARA's check and OAuth's client-credentials token as a provider does. */
class SimSwapStandInTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NUMBER = "+447700900123";
    private final HttpClient http = HttpClient.newHttpClient();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private SimSwapStandIn standIn;

    @BeforeEach
    void start() {
        standIn = SimSwapStandIn.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), clock);
    }

    @AfterEach
    void stop() {
        standIn.close();
    }

    private HttpResponse<String> post(URI uri, String contentType, String authorization, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private String token() throws Exception {
        HttpResponse<String> response = post(standIn.tokenUrl(), "application/x-www-form-urlencoded",
                basic(SimSwapStandIn.CLIENT_ID, SimSwapStandIn.CLIENT_SECRET), "grant_type=client_credentials");
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.path("expires_in").asInt()).isPositive();
        return answer.path("access_token").asText();
    }

    private HttpResponse<String> check(String token, String body) throws Exception {
        return post(URI.create(standIn.apiBase() + "/check"), "application/json", token == null ? null : "Bearer " + token, body);
    }

    private static String request(String number, int maxAge) {
        return "{\"phoneNumber\":\"" + number + "\",\"maxAge\":" + maxAge + "}";
    }

    @Test
    void aNumberIsNotSwappedUntilMarkedAndThenOnlyWithinTheAgeAskedFor() throws Exception {
        String token = token();
        assertThat(check(token, request(NUMBER, 240)).body()).isEqualTo("{\"swapped\":false}");

        standIn.markSwapped(NUMBER, Duration.ofHours(48));

        assertThat(check(token, request(NUMBER, 240)).body()).isEqualTo("{\"swapped\":true}");
        assertThat(check(token, request(NUMBER, 24)).body()).as("48 h ago is older than 24 h").isEqualTo("{\"swapped\":false}");
        assertThat(check(token, request("+447700900124", 240)).body()).as("only that number").isEqualTo("{\"swapped\":false}");
        clock.advance(Duration.ofHours(240 - 48 + 1));
        assertThat(check(token, request(NUMBER, 240)).body()).as("time passes for the swap too").isEqualTo("{\"swapped\":false}");

        standIn.markSwapped(NUMBER);
        assertThat(check(token, request(NUMBER, 1)).body()).isEqualTo("{\"swapped\":true}");
        standIn.restore(NUMBER);
        assertThat(check(token, request(NUMBER, 2400)).body()).isEqualTo("{\"swapped\":false}");

        assertThat(standIn.checks()).extracting(SimSwapStandIn.Check::maxAge).containsExactly(240, 240, 24, 240, 240, 1, 2400);
        assertThat(standIn.checks().getFirst().toString()).doesNotContain("7700900123").contains("+44******0123");
    }

    @Test
    void anUnknownNumberIs404() throws Exception {
        standIn.markUnknown(NUMBER);

        HttpResponse<String> response = check(token(), request(NUMBER, 240));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("IDENTIFIER_NOT_FOUND");
    }

    @Test
    void withoutATokenItIssuedTheCheckIs401() throws Exception {
        assertThat(check(null, request(NUMBER, 240)).statusCode()).isEqualTo(401);
        assertThat(check("made-up", request(NUMBER, 240)).statusCode()).isEqualTo(401);
    }

    @Test
    void theTokenNeedsTheLocalClientAndTheClientCredentialsGrant() throws Exception {
        assertThat(post(standIn.tokenUrl(), "application/x-www-form-urlencoded", basic(SimSwapStandIn.CLIENT_ID, "wrong"),
                "grant_type=client_credentials").statusCode()).isEqualTo(401);
        assertThat(post(standIn.tokenUrl(), "application/x-www-form-urlencoded", null, "grant_type=client_credentials").statusCode())
                .isEqualTo(401);
        assertThat(post(standIn.tokenUrl(), "application/x-www-form-urlencoded", basic(SimSwapStandIn.CLIENT_ID, SimSwapStandIn.CLIENT_SECRET),
                "grant_type=password").statusCode()).isEqualTo(400);
        JsonNode secret = JSON.readTree(SimSwapStandIn.credentialsJson());
        assertThat(secret.path("clientId").asText()).isEqualTo(SimSwapStandIn.CLIENT_ID);
        assertThat(secret.path("clientSecret").asText()).isEqualTo(SimSwapStandIn.CLIENT_SECRET);
    }

    @Test
    void aMalformedCheckIs400() throws Exception {
        String token = token();
        for (String body : new String[] {"not json", "{}", request("07700900123", 240), request(NUMBER, 0), request(NUMBER, 2401),
                "{\"phoneNumber\":\"" + NUMBER + "\",\"maxAge\":\"240\"}"}) {
            assertThat(check(token, body).statusCode()).as(body).isEqualTo(400);
        }
        assertThat(check(token, "{\"phoneNumber\":\"" + NUMBER + "\"}").body()).as("maxAge defaults to 240").isEqualTo("{\"swapped\":false}");
    }

    @Test
    void otherProcessesMarkNumbersOverHttp() throws Exception {
        URI swapped = URI.create(standIn.tokenUrl().resolve("/local/swapped").toString());
        assertThat(post(swapped, "application/json", null, "{\"phoneNumber\":\"" + NUMBER + "\",\"hoursAgo\":30}").statusCode())
                .isEqualTo(204);
        String token = token();
        assertThat(check(token, request(NUMBER, 24)).body()).isEqualTo("{\"swapped\":false}");
        assertThat(check(token, request(NUMBER, 48)).body()).isEqualTo("{\"swapped\":true}");

        assertThat(post(standIn.tokenUrl().resolve("/local/restored"), "application/json", null, "{\"phoneNumber\":\"" + NUMBER + "\"}")
                .statusCode()).isEqualTo(204);
        assertThat(check(token, request(NUMBER, 48)).body()).isEqualTo("{\"swapped\":false}");
        assertThat(post(swapped, "application/json", null, "{\"phoneNumber\":\"12\"}").statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> standIn.markSwapped("07700900123")).isInstanceOf(IllegalArgumentException.class);
    }
}
