package io.smsgate.shared.aws;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.MessageSigner;
import java.time.Clock;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What every function's wiring starts from, built once per execution environment: the AWS clients,
 * the key ring (the stack's secret, read once), metrics and the clock.
 */
public final class Platform {
    private final Environment environment;
    private final AwsClients clients;
    private final KeyRing keys;
    private final Metrics metrics;
    private final Clock clock;

    private Platform(Environment environment, AwsClients clients, KeyRing keys, Metrics metrics, Clock clock) {
        this.environment = environment;
        this.clients = clients;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    public static Platform from(Environment environment, String functionName) {
        AwsClients clients = AwsClients.from(environment);
        String secretArn = environment.require("PHONE_HMAC_SECRET_ARN");
        String secret;
        try (SecretsManagerClient secrets = clients.secretsManager()) {
            secret = SecretsManagerSecret.read(secrets, secretArn);
        }
        Clock clock = Clock.systemUTC();
        Metrics metrics = new EmfMetrics(environment.optional("METRICS_NAMESPACE", "smsgate"), functionName, clock);
        return new Platform(environment, clients, KeyRing.fromSecret(secret), metrics, clock);
    }

    /**
     * For a function that handles no phone number, PIN or sealed value (DeliveryReceiptFunction): no
     * secret is read, so its role needs no grant on it; {@link #keys()} refuses.
     */
    public static Platform withoutKeys(Environment environment, String functionName) {
        Clock clock = Clock.systemUTC();
        Metrics metrics = new EmfMetrics(environment.optional("METRICS_NAMESPACE", "smsgate"), functionName, clock);
        return new Platform(environment, AwsClients.from(environment), null, metrics, clock);
    }

    public Environment environment() {
        return environment;
    }

    public AwsClients clients() {
        return clients;
    }

    public KeyRing keys() {
        if (keys == null) {
            throw new IllegalStateException("this function was built without the key ring (Platform.withoutKeys)");
        }
        return keys;
    }

    /** MACs the messages that carry one (for the topics that publish ApprovedCommand and OutboundSms). */
    public MessageSigner signer() {
        return new MessageSigner(keys);
    }

    public Metrics metrics() {
        return metrics;
    }

    public Clock clock() {
        return clock;
    }
}
