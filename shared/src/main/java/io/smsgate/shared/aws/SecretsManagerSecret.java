package io.smsgate.shared.aws;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReferenceArray;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/** Reads secret strings once, at start (the key secrets the stack generates, a provider's credentials). */
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

    /**
     * Every secret of {@code secretIds}, each with its own {@code GetSecretValue}, all at once: one thread
     * per secret after the first, which this thread reads, so a start waits for about one round trip
     * instead of one per secret. Each call is the one a role is granted secret by secret;
     * {@code BatchGetSecretValue} would be one call, but it takes no resource in IAM (only {@code "*"}),
     * which this project's roles never hold for Secrets Manager. A read that fails fails the whole start
     * with its own exception, after every thread has finished.
     *
     * @return each id's value, in the order asked
     */
    public static Map<String, String> readAll(SecretsManagerClient client, Collection<String> secretIds) {
        List<String> ids = new ArrayList<>(new LinkedHashSet<>(secretIds));
        AtomicReferenceArray<String> values = new AtomicReferenceArray<>(ids.size());
        AtomicReferenceArray<RuntimeException> failures = new AtomicReferenceArray<>(ids.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 1; i < ids.size(); i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("secret-" + i).start(() -> readInto(client, ids, index, values, failures)));
        }
        if (!ids.isEmpty()) {
            readInto(client, ids, 0, values, failures);
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while reading the secrets", e);
            }
        }
        Map<String, String> read = new LinkedHashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            if (failures.get(i) != null) {
                throw failures.get(i);
            }
            read.put(ids.get(i), values.get(i));
        }
        return read;
    }

    private static void readInto(SecretsManagerClient client, List<String> ids, int index, AtomicReferenceArray<String> values,
                                 AtomicReferenceArray<RuntimeException> failures) {
        try {
            values.set(index, read(client, ids.get(index)));
        } catch (RuntimeException e) {
            failures.set(index, e);
        }
    }
}
