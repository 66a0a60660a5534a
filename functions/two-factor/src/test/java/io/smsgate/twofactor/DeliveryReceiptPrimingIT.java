package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.AwsClients;
import io.smsgate.shared.aws.AwsPriming;
import io.smsgate.shared.config.Environment;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DeliveryReceiptFunction's priming takes the receipt path to DynamoDB and back, and records nothing. */
@ExtendWith(AwsEmulatorExtension.class)
class DeliveryReceiptPrimingIT {
    private Stack stack;
    private Verifications verifications;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        AwsClients clients = AwsClients.from(new Environment(stack.functionEnvironment("DeliveryReceiptFunction")));
        verifications = new DynamoVerifications(clients.dynamoDb(), stack.physicalId("VerificationsTable"));
    }

    @Test
    void primingRunsTheReceiptPathAndWritesNothing() {
        DeliveryReceiptPriming.awsCalls(verifications).run();
        DeliveryReceiptPriming.awsCalls(verifications).run();

        assertThat(stack.scan("VerificationsTable")).isEmpty();
    }

    @Test
    void aVerificationUnderTheReservedIdStopsPrimingInsteadOfBeingChanged() {
        stack.dynamoDb().putItem(r -> r.tableName(stack.physicalId("VerificationsTable")).item(Map.of(
                "pk", AttributeValue.fromS("V#" + AwsPriming.RESERVED_KEY), "messageId", AttributeValue.fromS("priming"))));

        assertThatThrownBy(() -> DeliveryReceiptPriming.awsCalls(verifications).run())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("exists");
    }
}
