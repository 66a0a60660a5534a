package io.smsgate.shared.aws;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.SimSwapStatus;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.SimSwapSignal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The factory: no provider is OFF and says so; a provider needs its token URL and credentials secret (in Secrets Manager). */
@ExtendWith(AwsEmulatorExtension.class)
class SimSwapSignalsIT {
    private static final Metrics NO_METRICS = (metric, dimensions) -> { };

    private Stack stack;
    private WireMockServer provider;
    private String secretArn;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        provider = new WireMockServer(options().dynamicPort());
        provider.start();
        HttpWarmUp.warm(provider);
        secretArn = stack.secretsManager().createSecret(r -> r.name("sim-swap-" + UUID.randomUUID())
                .secretString("{\"clientId\":\"from-the-secret\",\"clientSecret\":\"pw\"}")).arn();
    }

    @AfterEach
    void stop() {
        provider.stop();
    }

    private Environment env(Map<String, String> variables) {
        Map<String, String> all = new HashMap<>(stack.awsEnvironment());
        all.putAll(variables);
        return new Environment(all);
    }

    private SimSwapSignal build(Environment env) {
        return SimSwapSignals.from(env, AwsClients.from(env), Clock.systemUTC(), NO_METRICS);
    }

    @Test
    void withoutAnApiUrlTheCheckIsOffEverywhereAndSaysSoOnce() {
        try (LogCapture logs = LogCapture.start()) {
            SimSwapSignal signal = build(env(Map.of("SIM_SWAP_API_URL", " ", "SIM_SWAP_TOKEN_URL", "https://ignored.example/token")));

            assertThat(signal.configured()).isFalse();
            assertThat(signal.check(PhoneNumbers.trusted("+447700900123"), 240)).isEqualTo(SimSwapStatus.UNKNOWN);
            assertThat(logs.lines()).filteredOn(line -> line.contains("SIM-swap check OFF everywhere")).hasSize(1)
                    .allSatisfy(line -> assertThat(line).contains("INFO"));
        }
        assertThat(build(env(Map.of())).configured()).as("absent is the same as empty").isFalse();
    }

    @Test
    void aConfiguredProviderReadsItsClientFromTheSecretOnceAndAsks() {
        provider.stubFor(post("/token").willReturn(aResponse().withStatus(200).withBody("{\"access_token\":\"t\",\"expires_in\":600}")));
        provider.stubFor(post("/sim-swap/v0/check").willReturn(aResponse().withStatus(200).withBody("{\"swapped\":true}")));

        SimSwapSignal signal = build(env(Map.of(
                "SIM_SWAP_API_URL", provider.baseUrl() + "/sim-swap/v0",
                "SIM_SWAP_TOKEN_URL", provider.baseUrl() + "/token",
                "SIM_SWAP_CREDENTIALS_SECRET_ARN", secretArn,
                "SIM_SWAP_CACHE_SECONDS", "0")));

        assertThat(signal.configured()).isTrue();
        assertThat(signal.check(PhoneNumbers.trusted("+447700900123"), 240)).isEqualTo(SimSwapStatus.SWAPPED);
        assertThat(signal.check(PhoneNumbers.trusted("+447700900123"), 240)).isEqualTo(SimSwapStatus.SWAPPED);
        assertThat(provider.findAll(postRequestedFor(urlEqualTo("/sim-swap/v0/check")))).as("cache 0: asked twice").hasSize(2);
        String basic = provider.findAll(postRequestedFor(urlEqualTo("/token"))).getFirst().getHeader("Authorization");
        assertThat(new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8)).isEqualTo("from-the-secret:pw");
    }

    @Test
    void anApiUrlWithoutItsTokenUrlOrSecretFailsAtStartWithTheName() {
        String api = provider.baseUrl() + "/sim-swap/v0";
        assertThatThrownBy(() -> build(env(Map.of("SIM_SWAP_API_URL", api, "SIM_SWAP_CREDENTIALS_SECRET_ARN", secretArn))))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("SIM_SWAP_TOKEN_URL");
        assertThatThrownBy(() -> build(env(Map.of("SIM_SWAP_API_URL", api, "SIM_SWAP_TOKEN_URL", provider.baseUrl() + "/token"))))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("SIM_SWAP_CREDENTIALS_SECRET_ARN");
    }

    @Test
    void malformedSettingsFailAtStartWithTheName() {
        Map<String, String> good = Map.of("SIM_SWAP_API_URL", "https://camara.example/sim-swap/v0",
                "SIM_SWAP_TOKEN_URL", "https://camara.example/token", "SIM_SWAP_CREDENTIALS_SECRET_ARN", secretArn);
        assertThatThrownBy(() -> build(env(with(good, "SIM_SWAP_API_URL", "http://camara.example/sim-swap"))))
                .hasMessageContaining("SIM_SWAP_API_URL").hasMessageContaining("https");
        assertThatThrownBy(() -> build(env(with(good, "SIM_SWAP_CACHE_SECONDS", "a while"))))
                .hasMessageContaining("SIM_SWAP_CACHE_SECONDS");
        assertThatThrownBy(() -> build(env(with(good, "SIM_SWAP_TIMEOUT_MILLIS", "5000"))))
                .hasMessageContaining("SIM_SWAP_TIMEOUT_MILLIS").hasMessageContaining("1000");

        String notJson = stack.secretsManager().createSecret(r -> r.name("sim-swap-bad-" + UUID.randomUUID())
                .secretString("clientId=x clientSecret=topsecretvalue")).arn();
        assertThatThrownBy(() -> build(env(with(good, "SIM_SWAP_CREDENTIALS_SECRET_ARN", notJson))))
                .isInstanceOf(MissingConfigurationException.class).hasMessageContaining("SIM_SWAP_CREDENTIALS_SECRET_ARN")
                .hasMessageNotContaining("topsecretvalue");
    }

    @Test
    void theLocalStackPointsPostingAndTheVerificationApiAtTheStandInWithItsSecretInSecretsManager() {
        for (String function : new String[] {"PostingFunction", "VerificationApiFunction"}) {
            Environment env = new Environment(stack.functionEnvironment(function));
            SimSwapSignal signal = build(env);
            assertThat(signal.configured()).as(function).isTrue();
            assertThat(env.require("SIM_SWAP_API_URL")).isEqualTo(stack.simSwap().apiBase().toString());
            assertThat(env.require("SIM_SWAP_CACHE_SECONDS")).as("local/parameters.json: a mark counts at once").isEqualTo("0");

            signal.check(PhoneNumbers.trusted("+447700900999"), 240); // warms this JVM's path to the stand-in; outcome irrelevant
            var number = PhoneNumbers.trusted("+447700900123");
            stack.simSwap().restore(number.e164());
            assertThat(signal.check(number, 240)).as(function).isEqualTo(SimSwapStatus.NOT_SWAPPED);
            stack.simSwap().markSwapped(number.e164());
            assertThat(signal.check(number, 240)).as(function).isEqualTo(SimSwapStatus.SWAPPED);
        }
        assertThat(stack.functionEnvironment("SendSmsFunction")).as("only the two functions that check").doesNotContainKey("SIM_SWAP_API_URL");
        assertThat(stack.functionEnvironment("InboundSmsFunction")).doesNotContainKey("SIM_SWAP_API_URL");
    }

    private static Map<String, String> with(Map<String, String> base, String name, String value) {
        Map<String, String> copy = new HashMap<>(base);
        copy.put(name, value);
        return copy;
    }
}
