package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** DynamoDB requests from many threads, one at a time on the wire, and a failed request gives its turn back. */
@ExtendWith(AwsEmulatorExtension.class)
class DynamoDbOneAtATimeIT {
    private static final int THREADS = 4;
    private static final int EACH = 15;

    private final AtomicInteger onTheWire = new AtomicInteger();
    private final AtomicInteger most = new AtomicInteger();
    private DynamoDbClient dynamoDb;
    private String table;

    @BeforeEach
    void client(AwsEmulator emulator) {
        // After the turn is taken: counts the requests between sending and their answer.
        ExecutionInterceptor probe = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                most.accumulateAndGet(onTheWire.incrementAndGet(), Math::max);
            }

            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                onTheWire.decrementAndGet();
            }
        };
        dynamoDb = DynamoDbClient.builder().region(Region.of(emulator.region())).endpointOverride(URI.create(emulator.endpoint().toString()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.executionInterceptors(List.of(new DynamoDbOneAtATime(), probe)))
                .build();
        table = "one-at-a-time-" + UUID.randomUUID();
        dynamoDb.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
    }

    @AfterEach
    void drop() {
        dynamoDb.deleteTable(r -> r.tableName(table));
        dynamoDb.close();
    }

    @Test
    void transactionsOnOneCounterFromManyThreadsGoOneAtATimeAndNoneIsLost() throws Exception {
        CyclicBarrier start = new CyclicBarrier(THREADS);
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                done.add(threads.submit(() -> {
                    start.await(20, TimeUnit.SECONDS);
                    for (int i = 0; i < EACH; i++) {
                        dynamoDb.transactWriteItems(r -> r.transactItems(add("hot"), add("other-" + UUID.randomUUID())));
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertThat(most.get()).as("requests on the wire at once").isEqualTo(1);
        assertThat(dynamoDb.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS("hot")))).item().get("count").n())
                .isEqualTo(Integer.toString(THREADS * EACH));
    }

    @Test
    void aRequestThatFailsGivesItsTurnBack() throws Exception {
        assertThatThrownBy(() -> dynamoDb.getItem(r -> r.tableName("no-such-table").key(Map.of("pk", AttributeValue.fromS("x")))))
                .isInstanceOf(ResourceNotFoundException.class);

        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            // On another thread, so a turn still held would block it rather than be taken again.
            Future<?> next = thread.submit(() -> dynamoDb.putItem(r -> r.tableName(table).item(Map.of("pk", AttributeValue.fromS("after")))));
            next.get(20, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
        }
        assertThat(onTheWire.get()).isZero();
    }

    private TransactWriteItem add(String key) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression("ADD #count :one").expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))).build();
    }
}
