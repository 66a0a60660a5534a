package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sns.SnsClient;

/** Priming runs the real clients against the emulator and leaves no trace: reads find nothing, writes and publishes never leave. */
@ExtendWith(AwsEmulatorExtension.class)
class AwsPrimingIT {
    private static final Map<String, String> TABLES = Map.of("IdempotencyTable", "pk", "OptOutsTable", "phoneKey",
            "CountryPoliciesTable", "scope", "CountersTable", "pk", "PhoneLinksTable", "phoneKey", "PostsTable", "postId",
            "VerificationsTable", "pk");

    private Stack stack;
    private final List<String> transmitted = Collections.synchronizedList(new ArrayList<>());
    private DynamoDbClient dynamo;
    private SnsClient sns;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        ExecutionInterceptor wire = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                transmitted.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
            }
        };
        AwsClients clients = AwsClients.from(new Environment(stack.awsEnvironment()).withClientInterceptors(List.of(wire)));
        dynamo = clients.dynamoDb();
        sns = clients.sns();
    }

    @Test
    void readsAndTheRefusedUpdateGoOutAndLeaveEveryTableAsItWas() {
        TABLES.forEach((table, key) -> {
            AwsPriming.getItem(dynamo, stack.physicalId(table), key, "codes#");
            AwsPriming.batchGetItem(dynamo, stack.physicalId(table), key, "");
            AwsPriming.refusedUpdate(dynamo, stack.physicalId(table), key, "SendSms#");
        });
        AwsPriming.query(dynamo, stack.physicalId("PostsTable"), "byAccountReceived", "accountId", "");
        AwsPriming.query(dynamo, stack.physicalId("PhoneLinksTable"), "byAccount", "accountId", "");

        assertThat(transmitted).hasSize(3 * TABLES.size() + 2).containsOnly("GetItem", "BatchGetItem", "UpdateItem", "Query");
        TABLES.keySet().stream().filter(table -> !table.equals("CountryPoliciesTable"))
                .forEach(table -> assertThat(stack.scan(table)).as(table).isEmpty());
    }

    @Test
    void writesAndPublishesAreStoppedBeforeTheyLeaveAndWriteNothing() {
        TABLES.forEach((table, key) -> AwsPriming.stoppedWrites(dynamo, stack.physicalId(table), key, "PostsPerHour#"));
        AwsPriming.stoppedPublish(sns, stack.physicalId("CommandsTopic"));
        AwsPriming.stoppedPublish(sns, stack.physicalId("OutboundSmsTopic"));

        assertThat(transmitted).isEmpty();
        TABLES.keySet().stream().filter(table -> !table.equals("CountryPoliciesTable"))
                .forEach(table -> assertThat(stack.scan(table)).as(table).isEmpty());
        assertThat(stack.tap("CommandsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
    }

    @Test
    void aClientWithoutTheStopIsCaughtAndItsImpossibleConditionStillWritesNothing() {
        // The emulator's own client has no priming interceptor: the helper must notice the call went out.
        assertThatThrownBy(() -> AwsPriming.stoppedWrites(stack.dynamoDb(), stack.physicalId("CountersTable"), "pk", ""))
                .isInstanceOf(RuntimeException.class);
        assertThat(stack.scan("CountersTable")).isEmpty();
    }

    @Test
    void theStopActsOnlyOnMarkedRequests() {
        dynamo.putItem(r -> r.tableName(stack.physicalId("CountersTable")).item(Map.of("pk", AttributeValue.fromS("ordinary"))));

        assertThat(transmitted).containsExactly("PutItem");
        assertThat(stack.scan("CountersTable")).hasSize(1);
    }
}
