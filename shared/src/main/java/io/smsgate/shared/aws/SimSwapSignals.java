package io.smsgate.shared.aws;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.config.MissingConfigurationException;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.port.SimSwapSignal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The SIM-swap signal a function is configured with, built once at start:
 * <ul>
 *   <li>{@code SIM_SWAP_API_URL} empty or absent: {@link SimSwapSignal#none()}, and one INFO line saying
 *       the check is OFF everywhere whatever the country policies say;</li>
 *   <li>otherwise {@link CamaraSimSwapSignal} on that base URL, with {@code SIM_SWAP_TOKEN_URL} (required),
 *       the OAuth client from the Secrets Manager secret {@code SIM_SWAP_CREDENTIALS_SECRET_ARN} (required,
 *       read once here), answers cached {@code SIM_SWAP_CACHE_SECONDS} (default 300, 0-3600) and a budget of
 *       {@code SIM_SWAP_TIMEOUT_MILLIS} per check (default and most 1000).</li>
 * </ul>
 */
public final class SimSwapSignals {
    private static final Logger LOG = LoggerFactory.getLogger(SimSwapSignals.class);
    public static final String API_URL = "SIM_SWAP_API_URL";
    public static final String TOKEN_URL = "SIM_SWAP_TOKEN_URL";
    public static final String CREDENTIALS_SECRET_ARN = "SIM_SWAP_CREDENTIALS_SECRET_ARN";
    public static final String CACHE_SECONDS = "SIM_SWAP_CACHE_SECONDS";
    public static final String TIMEOUT_MILLIS = "SIM_SWAP_TIMEOUT_MILLIS";
    static final int DEFAULT_CACHE_SECONDS = 300;

    private SimSwapSignals() {
    }

    /**
     * What a function's wiring calls: {@code SimSwapSignals.from(platform)}. The credentials secret was read
     * with the function's keys ({@link Platform#from}), so no second Secrets Manager client or call.
     */
    public static SimSwapSignal from(Platform platform) {
        return from(platform.environment(), platform.clients(), platform.clock(), platform.metrics(),
                platform.secretNamedBy(CREDENTIALS_SECRET_ARN));
    }

    public static SimSwapSignal from(Environment env, AwsClients clients, Clock clock, Metrics metrics) {
        return from(env, clients, clock, metrics, Optional.empty());
    }

    /**
     * The credentials secret's ARN when the environment configures a provider ({@link #API_URL} not empty),
     * for {@link Platform#from} to read with the keys; empty otherwise (nothing to read, nothing granted).
     */
    static Optional<String> credentialsSecret(Environment env) {
        return env.optional(API_URL).isEmpty() ? Optional.empty() : env.optional(CREDENTIALS_SECRET_ARN).filter(v -> !v.isBlank());
    }

    private static SimSwapSignal from(Environment env, AwsClients clients, Clock clock, Metrics metrics, Optional<String> readAlready) {
        if (env.optional(API_URL).isEmpty()) {
            LOG.info("SIM-swap check OFF everywhere: no provider configured ({} is empty), whatever the country policies say", API_URL);
            return SimSwapSignal.none();
        }
        CamaraSimSwapSignal.Settings settings = settings(env);
        String secretArn = env.require(CREDENTIALS_SECRET_ARN);
        String secret;
        if (readAlready.isPresent()) {
            secret = readAlready.get();
        } else {
            try (SecretsManagerClient secrets = clients.secretsManager()) {
                secret = SecretsManagerSecret.read(secrets, secretArn);
            }
        }
        CamaraSimSwapSignal.Credentials credentials;
        try {
            credentials = CamaraSimSwapSignal.Credentials.parse(secret);
        } catch (IllegalArgumentException e) {
            throw new MissingConfigurationException(CREDENTIALS_SECRET_ARN, e.getMessage());
        }
        LOG.info("SIM-swap check through the CAMARA API at {} (token from {}, answers cached {} s, {} ms per check)",
                settings.apiBase(), settings.tokenUrl(), settings.cacheFor().toSeconds(), settings.timeout().toMillis());
        return new CamaraSimSwapSignal(settings, credentials, clock, metrics);
    }

    /** The adapter's settings from the environment (no secret read); fails at start with the variable's name. */
    static CamaraSimSwapSignal.Settings settings(Environment env) {
        URI api = url(env, API_URL);
        URI token = url(env, TOKEN_URL);
        Duration cache = Duration.ofSeconds(env.integer(CACHE_SECONDS, DEFAULT_CACHE_SECONDS, 0, 3600));
        Duration timeout = Duration.ofMillis(env.integer(TIMEOUT_MILLIS, (int) CamaraSimSwapSignal.MAX_TIMEOUT.toMillis(), 50,
                (int) CamaraSimSwapSignal.MAX_TIMEOUT.toMillis()));
        return new CamaraSimSwapSignal.Settings(api, token, timeout, cache);
    }

    private static URI url(Environment env, String name) {
        String value = env.require(name);
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new MissingConfigurationException(name, "is not a URL");
        }
        if (!"https".equals(uri.getScheme()) && !("http".equals(uri.getScheme()) && loopback(uri.getHost()))) {
            throw new MissingConfigurationException(name, "must be an https URL (http only to localhost, for the local stand-in)");
        }
        return uri;
    }

    private static boolean loopback(String host) {
        return "localhost".equals(host) || "127.0.0.1".equals(host) || "[::1]".equals(host) || "::1".equals(host);
    }
}
