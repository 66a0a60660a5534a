package io.smsgate.local.emulator;

import java.net.URI;

/**
 * An AWS API endpoint to run against: moto's server started here (no Docker), LocalStack through
 * Testcontainers (where Docker runs), or whatever {@code AWS_ENDPOINT_URL} names. Tests and the
 * {@code smsgate} command do not care which.
 */
public interface AwsEmulator extends AutoCloseable {
    URI endpoint();

    String region();

    String accessKeyId();

    String secretAccessKey();

    String accountId();

    /** A line for humans: what runs where. */
    String describe();

    /** True when SNS delivers to SQS after the publish call returns (LocalStack), false when during it (moto). */
    boolean asynchronousDelivery();

    @Override
    void close();

    /**
     * {@code AWS_ENDPOINT_URL} if set; otherwise {@code -Dsmsgate.emulator} (or {@code SMSGATE_EMULATOR}):
     * {@code moto} (the default) or {@code localstack}.
     */
    /** An emulator someone else runs, such as LocalStack at http://localhost:4566. */
    static AwsEmulator external(URI endpoint) {
        return new ExternalEndpoint(endpoint);
    }

    static AwsEmulator start() {
        String external = System.getenv("AWS_ENDPOINT_URL");
        if (external != null && !external.isBlank()) {
            return new ExternalEndpoint(URI.create(external.trim()));
        }
        String kind = System.getProperty("smsgate.emulator", System.getenv().getOrDefault("SMSGATE_EMULATOR", "moto"));
        return switch (kind.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "moto" -> MotoServer.start();
            case "localstack" -> LocalStackEmulator.start();
            default -> throw new IllegalArgumentException("unknown emulator '" + kind + "': use moto or localstack");
        };
    }
}
