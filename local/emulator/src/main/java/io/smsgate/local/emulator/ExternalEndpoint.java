package io.smsgate.local.emulator;

import java.net.URI;

/** An emulator someone else runs (a LocalStack started by hand, say), named by AWS_ENDPOINT_URL. */
record ExternalEndpoint(URI endpoint) implements AwsEmulator {
    @Override
    public String region() {
        return env("AWS_REGION", env("AWS_DEFAULT_REGION", "us-east-1"));
    }

    @Override
    public String accessKeyId() {
        return env("AWS_ACCESS_KEY_ID", "test");
    }

    @Override
    public String secretAccessKey() {
        return env("AWS_SECRET_ACCESS_KEY", "test");
    }

    @Override
    public String accountId() {
        return env("SMSGATE_ACCOUNT_ID", "000000000000");
    }

    @Override
    public String describe() {
        return "the emulator at " + endpoint + " (AWS_ENDPOINT_URL)";
    }

    @Override
    public boolean asynchronousDelivery() {
        return true;
    }

    @Override
    public void close() {
        // Not ours to stop.
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
