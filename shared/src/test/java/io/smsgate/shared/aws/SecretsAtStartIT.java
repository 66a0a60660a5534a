package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.security.KeyRing;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * A function's start reads everything it needs from Secrets Manager at once: its key secrets and, where a
 * SIM-swap provider is configured, the provider's credentials, on one client, each with its own
 * GetSecretValue, all in flight together (counted and held at the emulator's door).
 */
@ExtendWith(AwsEmulatorExtension.class)
class SecretsAtStartIT {
    /**
     * Records every Secrets Manager call that goes out, and holds each at the door until {@code together}
     * calls are waiting there (or 10 s have passed): reads made one after the other could never all wait at once.
     */
    private static final class Door implements ExecutionInterceptor {
        final List<String> operations = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch waiting;
        volatile boolean allAtOnce = true;

        Door(int together) {
            waiting = new CountDownLatch(together);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (!operation.contains("Secret")) {
                return;
            }
            operations.add(operation);
            waiting.countDown();
            try {
                if (!waiting.await(10, TimeUnit.SECONDS)) {
                    allAtOnce = false;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void verificationApisFiveKeySecretsAndItsSimSwapCredentialsAreReadTogetherOnOneClient(Stack stack) {
        Door door = new Door(6);
        Environment env = new Environment(stack.functionEnvironment("VerificationApiFunction")).withClientInterceptors(List.of(door));
        assertThat(env.optional(SimSwapSignals.API_URL)).as("the local stack configures the SIM-swap stand-in").isPresent();

        Platform platform = Platform.from(env, "VerificationApiFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.CODE_DIGEST, KeyRing.Purpose.PIN_PEPPER);
        assertThat(platform.secretNamedBy(SimSwapSignals.CREDENTIALS_SECRET_ARN)).as("read with the keys").isPresent();
        assertThat(SimSwapSignals.from(platform).configured()).isTrue();

        assertThat(door.operations).as("no second read of the credentials").containsExactly(
                "GetSecretValue", "GetSecretValue", "GetSecretValue", "GetSecretValue", "GetSecretValue", "GetSecretValue");
        assertThat(door.allAtOnce).as("all six in flight together").isTrue();
    }

    @Test
    void withoutAProviderOnlyTheKeysAreReadAndNothingAtAllWithoutKeys(Stack stack) {
        Door door = new Door(4);
        Environment env = new Environment(stack.functionEnvironment("SendSmsFunction")).withClientInterceptors(List.of(door));
        Platform platform = Platform.from(env, "SendSmsFunction", KeyRing.Purpose.PHONE_KEY, KeyRing.Purpose.NUMBER_SEALING,
                KeyRing.Purpose.OUTBOUND_SMS_MAC, KeyRing.Purpose.CODE_DIGEST);
        assertThat(platform.secretNamedBy(SimSwapSignals.CREDENTIALS_SECRET_ARN)).isEmpty();
        assertThat(door.operations).hasSize(4);
        assertThat(door.allAtOnce).isTrue();

        Door none = new Door(1);
        Platform.withoutKeys(new Environment(stack.functionEnvironment("DeliveryReceiptFunction")).withClientInterceptors(List.of(none)),
                "DeliveryReceiptFunction");
        assertThat(none.operations).isEmpty();
    }

    @Test
    void readAllAnswersEachIdOnceInOrderAndFailsWithTheFailingReadsOwnError(Stack stack) {
        SecretsManagerClient secrets = stack.secretsManager();
        String name = "at-once-" + UUID.randomUUID();
        String a = secrets.createSecret(r -> r.name(name + "-a").secretString("value-a")).arn();
        String b = secrets.createSecret(r -> r.name(name + "-b").secretString("value-b")).arn();

        assertThat(SecretsManagerSecret.readAll(secrets, List.of(b, a, b)))
                .containsExactly(Map.entry(b, "value-b"), Map.entry(a, "value-a"));
        assertThat(SecretsManagerSecret.readAll(secrets, List.of())).isEmpty();

        String missing = a.replace(name + "-a", name + "-never-created");
        assertThatThrownBy(() -> SecretsManagerSecret.readAll(secrets, List.of(a, missing)))
                .isInstanceOf(software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException.class);
        String blank = secrets.createSecret(r -> r.name(name + "-blank").secretString(" ")).arn();
        assertThatThrownBy(() -> SecretsManagerSecret.readAll(secrets, List.of(a, blank)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(blank).hasMessageContaining("no string value")
                .hasMessageNotContaining("value-a");
    }
}
