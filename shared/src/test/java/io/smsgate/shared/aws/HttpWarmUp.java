package io.smsgate.shared.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;

import com.github.tomakehurst.wiremock.WireMockServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * The SIM-swap adapter has a 1 s budget per check; the first requests of a fresh JVM (class loading, JIT,
 * a new WireMock's Jetty) can take longer than that on a busy machine, which would make the tests of
 * clear answers fail for the wrong reason. Tests call this first, on the WireMock they will use.
 */
final class HttpWarmUp {
    private HttpWarmUp() {
    }

    static void warm(WireMockServer server) {
        var stub = server.stubFor(post("/__warm-up").willReturn(aResponse().withStatus(200).withBody("{}")));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            for (int i = 0; i < 10; i++) {
                client.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/__warm-up"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException("WireMock did not answer the warm-up", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.removeStub(stub);
            server.resetRequests();
        }
    }
}
