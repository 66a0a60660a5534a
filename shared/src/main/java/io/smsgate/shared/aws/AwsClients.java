package io.smsgate.shared.aws;

import io.smsgate.shared.config.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Builds every AWS client, once per execution environment, the same way: region and credentials from
 * the environment, the url-connection HTTP client (lightest cold start, see README), bounded timeouts,
 * and the endpoint override the SDK documents ({@code AWS_ENDPOINT_URL_<SERVICE>}, then
 * {@code AWS_ENDPOINT_URL}) so tests and the local runner reach an emulator.
 */
public final class AwsClients {
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Environment environment;
    private final SdkHttpClient http;
    private final ClientOverrideConfiguration overrides;

    private AwsClients(Environment environment) {
        this.environment = environment;
        this.region = Region.of(environment.require("AWS_REGION"));
        this.credentials = credentials(environment);
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(5))
                .build();
        this.overrides = ClientOverrideConfiguration.builder()
                .executionInterceptors(withPriming(environment.clientInterceptors()))
                .retryStrategy(RetryMode.STANDARD)
                .apiCallAttemptTimeout(Duration.ofSeconds(5))
                .apiCallTimeout(Duration.ofSeconds(12))
                .build();
    }

    /** The priming stop first (it acts only on requests {@link AwsPriming} marks), then the environment's. */
    private static java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> withPriming(
            java.util.List<software.amazon.awssdk.core.interceptor.ExecutionInterceptor> interceptors) {
        var all = new java.util.ArrayList<software.amazon.awssdk.core.interceptor.ExecutionInterceptor>();
        all.add(AwsPriming.interceptor());
        all.addAll(interceptors);
        return all;
    }

    public static AwsClients from(Environment environment) {
        return new AwsClients(environment);
    }

    public DynamoDbClient dynamoDb() {
        return build(DynamoDbClient.builder(), "DYNAMODB");
    }

    public SnsClient sns() {
        return build(SnsClient.builder(), "SNS");
    }

    public SecretsManagerClient secretsManager() {
        return build(SecretsManagerClient.builder(), "SECRETS_MANAGER");
    }

    /**
     * Configures any service client builder; {@code serviceId} is the SDK's environment name for the
     * service ({@code DYNAMODB}, {@code PINPOINT_SMS_VOICE_V2}).
     */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            C build(B builder, String serviceId) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides);
        endpoint(serviceId).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /**
     * The same, with one attempt per call and no SDK retries: for a call that is not idempotent and has
     * no idempotency token (End User Messaging's {@code SendTextMessage}), where a retry after an answer
     * was lost sends the text twice. The caller decides what a failure means.
     */
    public <B extends AwsClientBuilder<B, C> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, C>, C>
            C buildSingleAttempt(B builder, String serviceId) {
        builder.region(region)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(overrides.toBuilder()
                        .retryStrategy(software.amazon.awssdk.awscore.retry.AwsRetryStrategy.doNotRetry()).build());
        endpoint(serviceId).ifPresent(builder::endpointOverride);
        return builder.build();
    }

    Optional<URI> endpoint(String serviceId) {
        return environment.optional("AWS_ENDPOINT_URL_" + serviceId.toUpperCase(Locale.ROOT))
                .or(() -> environment.optional("AWS_ENDPOINT_URL"))
                .map(URI::create);
    }

    /**
     * Explicit keys when the environment carries them and this is not Lambda (tests, local runs);
     * otherwise the default chain, which in Lambda (SnapStart included) reads the container credentials
     * that are refreshed after a restore.
     */
    private static AwsCredentialsProvider credentials(Environment environment) {
        Optional<String> keyId = environment.optional("AWS_ACCESS_KEY_ID");
        if (keyId.isPresent() && environment.optional("AWS_LAMBDA_FUNCTION_NAME").isEmpty()) {
            String secret = environment.require("AWS_SECRET_ACCESS_KEY");
            return StaticCredentialsProvider.create(environment.optional("AWS_SESSION_TOKEN")
                    .<software.amazon.awssdk.auth.credentials.AwsCredentials>map(token -> AwsSessionCredentials.create(keyId.get(), secret, token))
                    .orElseGet(() -> AwsBasicCredentials.create(keyId.get(), secret)));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
