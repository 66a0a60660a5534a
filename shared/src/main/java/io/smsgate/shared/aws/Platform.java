package io.smsgate.shared.aws;

import io.smsgate.shared.config.Environment;
import io.smsgate.shared.log.EmfMetrics;
import io.smsgate.shared.port.Metrics;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.KeySecret;
import io.smsgate.shared.security.MessageSigner;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * What every function's wiring starts from, built once per execution environment: the AWS clients,
 * the key ring (the secrets of the purposes the function uses, read once and at once), metrics and the clock.
 */
public final class Platform {
    private final Environment environment;
    private final AwsClients clients;
    private final KeyRing keys;
    private final Metrics metrics;
    private final Clock clock;
    /** Secrets read at start besides the keys, by the variable that names them (the SIM-swap credentials). */
    private final Map<String, String> configurationSecrets;

    private Platform(Environment environment, AwsClients clients, KeyRing keys, Metrics metrics, Clock clock,
                     Map<String, String> configurationSecrets) {
        this.environment = environment;
        this.configurationSecrets = Map.copyOf(configurationSecrets);
        this.clients = clients;
        this.keys = keys;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * The variable that says whether the forms without a key id (made before the key split, with keys
     * derived from the phone-key secret) still open and verify in messages and verifications:
     * {@code accepted} (the default, for the overlap after an upgrade) or {@code refused}.
     */
    public static final String LEGACY_KEY_FORMS = "LEGACY_KEY_FORMS";

    /**
     * The platform of a function whose wiring uses the keys for {@code purposes}: each secret they come
     * from is read once, from the ARN its variable ({@link KeySecret#variable}) names; a variable the
     * function's environment lacks fails here, naming it. The ring holds those purposes and nothing else.
     * The SIM-swap provider's credentials ({@link SimSwapSignals#credentialsSecret}), when the environment
     * configures a provider, are read with them, on the same client: every secret a function's start needs,
     * read at once ({@link SecretsManagerSecret#readAll}), so the start waits for one round trip, not six.
     */
    public static Platform from(Environment environment, String functionName, KeyRing.Purpose... purposes) {
        return from(environment, AwsClients.from(environment), functionName, purposes);
    }

    /**
     * The same on clients the wiring built first, so it can begin warming their paths while the secrets are read
     * ({@link io.smsgate.shared.config.Priming#inBackground}).
     */
    public static Platform from(Environment environment, AwsClients clients, String functionName, KeyRing.Purpose... purposes) {
        Set<KeyRing.Purpose> wanted = EnumSet.noneOf(KeyRing.Purpose.class);
        wanted.addAll(Arrays.asList(purposes));
        Map<KeySecret, String> arns = new EnumMap<>(KeySecret.class);
        for (KeySecret secret : KeyRing.Purpose.secretsOf(wanted)) {
            arns.put(secret, environment.optional(secret.variable()).filter(v -> !v.isBlank()).orElseThrow(() ->
                    new IllegalStateException(functionName + " uses " + uses(wanted, secret) + " but its environment has no "
                            + secret.variable() + " (template.yaml: the function's Environment and its GetSecretValue grant)")));
        }
        Optional<String> simSwapArn = SimSwapSignals.credentialsSecret(environment);
        Map<KeySecret, String> values = new EnumMap<>(KeySecret.class);
        Map<String, String> configurationSecrets = new HashMap<>();
        if (!arns.isEmpty() || simSwapArn.isPresent()) {
            List<String> ids = new ArrayList<>(arns.values());
            simSwapArn.ifPresent(ids::add);
            try (SecretsManagerClient client = clients.secretsManager()) {
                Map<String, String> read = SecretsManagerSecret.readAll(client, ids);
                arns.forEach((secret, arn) -> values.put(secret, read.get(arn)));
                simSwapArn.ifPresent(arn -> configurationSecrets.put(SimSwapSignals.CREDENTIALS_SECRET_ARN, read.get(arn)));
            }
        }
        String legacy = environment.optional(LEGACY_KEY_FORMS, "refused");
        if (!legacy.equals("accepted") && !legacy.equals("refused")) {
            throw new IllegalStateException(LEGACY_KEY_FORMS + " is accepted or refused, not " + legacy);
        }
        Clock clock = Clock.systemUTC();
        Metrics metrics = new EmfMetrics(environment.optional("METRICS_NAMESPACE", "smsgate"), functionName, clock);
        return new Platform(environment, clients, KeyRing.fromParts(values, wanted, legacy.equals("accepted")), metrics, clock,
                configurationSecrets);
    }

    private static String uses(Set<KeyRing.Purpose> purposes, KeySecret secret) {
        return purposes.stream().filter(p -> p.secret() == secret).map(KeyRing.Purpose::description).collect(Collectors.joining(" and "));
    }

    /**
     * For a function that handles no phone number, PIN or sealed value (DeliveryReceiptFunction): no
     * secret is read, so its role needs no grant on any; its key ring holds nothing and refuses every use.
     */
    public static Platform withoutKeys(Environment environment, String functionName) {
        return from(environment, functionName);
    }

    /** The same on clients the wiring built first. */
    public static Platform withoutKeys(Environment environment, AwsClients clients, String functionName) {
        return from(environment, clients, functionName);
    }

    /** The value of the secret {@code variable} names, when it was read with the keys at start ({@link #from}). */
    public Optional<String> secretNamedBy(String variable) {
        return Optional.ofNullable(configurationSecrets.get(variable));
    }

    public Environment environment() {
        return environment;
    }

    public AwsClients clients() {
        return clients;
    }

    public KeyRing keys() {
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
