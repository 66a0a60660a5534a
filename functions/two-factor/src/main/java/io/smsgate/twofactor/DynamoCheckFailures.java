package io.smsgate.twofactor;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link CheckFailures} in VerificationsTable, one item per number: {@code pk = N#<phoneKey>} with
 * {@code failures}, {@code run} and {@code announced}. An item with failures never expires (the count has
 * no time reset); a reset sets the count to 0 and lets the item go a day later ({@code deleteAfter}).
 */
final class DynamoCheckFailures implements CheckFailures {
    private static final Duration KEEP_AFTER_RESET = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;

    DynamoCheckFailures(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Run current(String phoneKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(phoneKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Run.NONE : run(item);
    }

    @Override
    public Optional<Run> reserve(String phoneKey, int limit, Instant now) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    // A run that starts here gets a fresh name; one under way keeps its own.
                    .updateExpression("SET failures = if_not_exists(failures, :zero) + :one, #run = if_not_exists(#run, :run),"
                            + " lastFailureAt = :now REMOVE deleteAfter")
                    .conditionExpression("attribute_not_exists(failures) OR failures < :limit")
                    .expressionAttributeNames(Map.of("#run", "run"))
                    .expressionAttributeValues(Map.of(":zero", n(0), ":one", n(1), ":limit", n(limit),
                            ":run", AttributeValue.fromS(UUID.randomUUID().toString()), ":now", n(now.getEpochSecond())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(run(after));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void reset(String phoneKey, Instant now) {
        Update reset = resetUpdate(table, phoneKey, now);
        dynamo.updateItem(r -> r.tableName(table).key(reset.key()).updateExpression(reset.updateExpression())
                .expressionAttributeNames(reset.expressionAttributeNames()).expressionAttributeValues(reset.expressionAttributeValues()));
    }

    /** {@link #reset}, as an item of a transaction (an approval ends the number's run in the same write). */
    static TransactWriteItem resetItem(String table, String phoneKey, Instant now) {
        return TransactWriteItem.builder().update(resetUpdate(table, phoneKey, now)).build();
    }

    private static Update resetUpdate(String table, String phoneKey, Instant now) {
        return Update.builder().tableName(table).key(key(phoneKey))
                .updateExpression("SET failures = :zero, deleteAfter = :later REMOVE #run, announced, lastFailureAt")
                .expressionAttributeNames(Map.of("#run", "run"))
                .expressionAttributeValues(Map.of(":zero", n(0), ":later", n(now.plus(KEEP_AFTER_RESET).getEpochSecond())))
                .build();
    }

    @Override
    public boolean announce(String phoneKey, String run) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    .updateExpression("SET announced = :true")
                    .conditionExpression("#run = :run AND attribute_not_exists(announced)")
                    .expressionAttributeNames(Map.of("#run", "run"))
                    .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true), ":run", AttributeValue.fromS(run))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    static Run run(Map<String, AttributeValue> item) {
        AttributeValue failures = item.get("failures");
        AttributeValue run = item.get("run");
        AttributeValue announced = item.get("announced");
        return new Run(failures == null ? 0 : Integer.parseInt(failures.n()), run == null ? null : run.s(),
                announced != null && Boolean.TRUE.equals(announced.bool()));
    }

    static Map<String, AttributeValue> key(String phoneKey) {
        return Map.of("pk", AttributeValue.fromS("N#" + phoneKey));
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
