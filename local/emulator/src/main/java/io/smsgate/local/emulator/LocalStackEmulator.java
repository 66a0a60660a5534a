package io.smsgate.local.emulator;

import java.net.URI;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * LocalStack through Testcontainers; needs Docker. Pinned to the last community image that runs
 * without an auth token.
 */
final class LocalStackEmulator implements AwsEmulator {
    static final String IMAGE = "localstack/localstack:4.14.0";

    private final LocalStackContainer container;

    private LocalStackEmulator(LocalStackContainer container) {
        this.container = container;
    }

    @SuppressWarnings("resource")
    static LocalStackEmulator start() {
        LocalStackContainer container = new LocalStackContainer(DockerImageName.parse(IMAGE))
                .withServices(LocalStackContainer.Service.DYNAMODB, LocalStackContainer.Service.SNS,
                        LocalStackContainer.Service.SQS, LocalStackContainer.Service.SECRETSMANAGER);
        container.start();
        return new LocalStackEmulator(container);
    }

    @Override
    public URI endpoint() {
        return container.getEndpoint();
    }

    @Override
    public String region() {
        return container.getRegion();
    }

    @Override
    public String accessKeyId() {
        return container.getAccessKey();
    }

    @Override
    public String secretAccessKey() {
        return container.getSecretKey();
    }

    @Override
    public String accountId() {
        return "000000000000";
    }

    @Override
    public String describe() {
        return "LocalStack (" + IMAGE + ") at " + endpoint() + " (Testcontainers)";
    }

    @Override
    public boolean asynchronousDelivery() {
        return true;
    }

    @Override
    public void close() {
        container.stop();
    }
}
