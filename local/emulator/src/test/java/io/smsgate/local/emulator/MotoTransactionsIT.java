package io.smsgate.local.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB transactions as the emulator runs them: all or nothing. moto's own rollback copies every table a
 * transaction names; {@code moto_server.py} replaces that copy with the items the transaction names, so these
 * tests pin what must not change with it (and hold for LocalStack and DynamoDB as well): a cancelled or invalid
 * transaction leaves every item it named as it was — updated, put, deleted, in tables with and without a sort
 * key — and a transaction that passes writes every item.
 */
@ExtendWith(AwsEmulatorExtension.class)
class MotoTransactionsIT {
    private static final AttributeValue ONE = AttributeValue.fromN("1");

    private DynamoDbClient dynamoDb;
    private String counters;
    private String ranged;

    @BeforeEach
    void tables(AwsEmulator emulator) {
        dynamoDb = DynamoDbClient.builder().region(Region.of(emulator.region())).endpointOverride(URI.create(emulator.endpoint().toString()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(emulator.accessKeyId(), emulator.secretAccessKey())))
                .httpClient(UrlConnectionHttpClient.create()).build();
        counters = "transactions-" + UUID.randomUUID();
        ranged = "transactions-ranged-" + UUID.randomUUID();
        dynamoDb.createTable(r -> r.tableName(counters).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build()));
        dynamoDb.createTable(r -> r.tableName(ranged).billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
                .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("sk").attributeType(ScalarAttributeType.S).build()));
        for (int i = 0; i < 50; i++) {
            dynamoDb.putItem(r -> r.tableName(counters).item(Map.of("pk", s("filler-" + UUID.randomUUID()), "n", ONE)));
        }
        dynamoDb.putItem(r -> r.tableName(counters).item(Map.of("pk", s("counted"), "n", AttributeValue.fromN("7"), "tags", AttributeValue.fromSs(List.of("a")))));
        dynamoDb.putItem(r -> r.tableName(counters).item(Map.of("pk", s("doomed"), "n", ONE)));
        dynamoDb.putItem(r -> r.tableName(counters).item(Map.of("pk", s("guard"))));
        dynamoDb.putItem(r -> r.tableName(ranged).item(Map.of("pk", s("h"), "sk", s("1"), "n", ONE)));
        dynamoDb.putItem(r -> r.tableName(ranged).item(Map.of("pk", s("h"), "sk", s("2"), "n", ONE)));
    }

    @AfterEach
    void drop() {
        dynamoDb.deleteTable(r -> r.tableName(counters));
        dynamoDb.deleteTable(r -> r.tableName(ranged));
        dynamoDb.close();
    }

    @Test
    void aTransactionCancelledByItsLastConditionLeavesEveryItemItNamedAsItWas() {
        Map<String, Map<String, AttributeValue>> before = snapshot();

        assertThatThrownBy(() -> dynamoDb.transactWriteItems(r -> r.transactItems(
                add(counters, key("counted")),
                TransactWriteItem.builder().put(p -> p.tableName(counters).item(Map.of("pk", s("born"), "n", ONE))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(counters).key(key("doomed"))).build(),
                add(ranged, Map.of("pk", s("h"), "sk", s("1"))),
                TransactWriteItem.builder().put(p -> p.tableName(ranged).item(Map.of("pk", s("h"), "sk", s("3"), "n", ONE))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(ranged).key(Map.of("pk", s("h"), "sk", s("2")))).build(),
                TransactWriteItem.builder().conditionCheck(c -> c.tableName(counters).key(key("guard"))
                        .conditionExpression("attribute_not_exists(pk)")).build())))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aTransactionCancelledByItsFirstConditionWritesNothingAfterIt() {
        Map<String, Map<String, AttributeValue>> before = snapshot();

        assertThatThrownBy(() -> dynamoDb.transactWriteItems(r -> r.transactItems(
                TransactWriteItem.builder().update(u -> u.tableName(counters).key(key("counted")).updateExpression("ADD n :one")
                        .conditionExpression("n < :limit").expressionAttributeValues(Map.of(":one", ONE, ":limit", ONE))).build(),
                TransactWriteItem.builder().put(p -> p.tableName(counters).item(Map.of("pk", s("born"), "n", ONE))).build())))
                .isInstanceOf(TransactionCanceledException.class);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void anInvalidTransactionNamingOneItemTwiceLeavesItAsItWas() {
        Map<String, Map<String, AttributeValue>> before = snapshot();

        assertThatThrownBy(() -> dynamoDb.transactWriteItems(r -> r.transactItems(add(counters, key("counted")), add(counters, key("counted")))))
                .isInstanceOf(DynamoDbException.class);

        assertThat(snapshot()).isEqualTo(before);
    }

    @Test
    void aTransactionThatPassesWritesEveryItem() {
        dynamoDb.transactWriteItems(r -> r.transactItems(
                add(counters, key("counted")),
                TransactWriteItem.builder().put(p -> p.tableName(counters).item(Map.of("pk", s("born"), "n", ONE))).build(),
                TransactWriteItem.builder().delete(d -> d.tableName(counters).key(key("doomed"))).build(),
                add(ranged, Map.of("pk", s("h"), "sk", s("1")))));

        Map<String, Map<String, AttributeValue>> after = snapshot();
        assertThat(after.get(counters + "/counted").get("n")).isEqualTo(AttributeValue.fromN("8"));
        assertThat(after).containsKey(counters + "/born").doesNotContainKey(counters + "/doomed");
        assertThat(after.get(ranged + "/h/1").get("n")).isEqualTo(AttributeValue.fromN("2"));
    }

    private TransactWriteItem add(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key).updateExpression("ADD n :one")
                .expressionAttributeValues(Map.of(":one", ONE))).build();
    }

    /** Every item of both tables, by key. */
    private Map<String, Map<String, AttributeValue>> snapshot() {
        Map<String, Map<String, AttributeValue>> items = new LinkedHashMap<>();
        for (String table : List.of(counters, ranged)) {
            dynamoDb.scanPaginator(r -> r.tableName(table).consistentRead(true)).items().forEach(item -> {
                String sortKey = item.containsKey("sk") ? "/" + item.get("sk").s() : "";
                items.put(table + "/" + item.get("pk").s() + sortKey, item);
            });
        }
        return new java.util.TreeMap<>(items);
    }

    private static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
