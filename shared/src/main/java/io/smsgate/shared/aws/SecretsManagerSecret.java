package io.smsgate.shared.aws;

import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads a secret string once, at start (the HMAC secret the stack generates). */
public final class SecretsManagerSecret {
    private SecretsManagerSecret() {
    }

    public static String read(SecretsManagerClient client, String secretArn) {
        String value = client.getSecretValue(request -> request.secretId(secretArn)).secretString();
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("secret " + secretArn + " has no string value");
        }
        return value;
    }
}
