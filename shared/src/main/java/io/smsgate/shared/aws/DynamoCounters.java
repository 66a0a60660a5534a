package io.smsgate.shared.aws;

import io.smsgate.shared.port.Counters;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * CountersTable: {@code pk} is the counter's name (which includes its window), {@code count} its
 * value, {@code expiresAt} the TTL attribute. One UpdateItem: ADD under a condition on the limit.
 * {@link #oncePer} is one conditional PutItem that succeeds only when the key is absent or expired
 * (the condition checks the expiry itself: TTL deletion is lazy).
 */
public final class DynamoCounters implements Counters {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCounters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean incrementIfBelow(String key, long limit, Instant expiresAt) {
        if (limit <= 0) {
            return false;
        }
        try {
            dynamo.updateItem(r -> r
                    .tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                    .expressionAttributeNames(Map.of("#count", "count"))
                    .expressionAttributeValues(Map.of(
                            ":one", AttributeValue.fromN("1"),
                            ":limit", AttributeValue.fromN(Long.toString(limit)),
                            ":expires", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean incrementOnceIfBelow(String key, String member, long limit, Instant expiresAt) {
        if (limit <= 0) {
            return false;
        }
        try {
            dynamo.updateItem(r -> r
                    .tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("ADD #count :one, #members :member SET expiresAt = if_not_exists(expiresAt, :expires)")
                    .conditionExpression("(attribute_not_exists(#count) OR #count < :limit) AND NOT contains(#members, :id)")
                    .expressionAttributeNames(Map.of("#count", "count", "#members", "members"))
                    .expressionAttributeValues(Map.of(
                            ":one", AttributeValue.fromN("1"),
                            ":member", AttributeValue.fromSs(java.util.List.of(member)),
                            ":id", AttributeValue.fromS(member),
                            ":limit", AttributeValue.fromN(Long.toString(limit)),
                            ":expires", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    .returnValuesOnConditionCheckFailure(software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> old = e.hasItem() ? e.item() : Map.of();
            AttributeValue members = old.get("members");
            return members != null && members.hasSs() && members.ss().contains(member);
        }
    }

    @Override
    public boolean oncePer(String key, java.time.Duration period, Instant now) {
        try {
            dynamo.putItem(r -> r
                    .tableName(table)
                    .item(Map.of(
                            "pk", AttributeValue.fromS(key),
                            "at", AttributeValue.fromS(now.toString()),
                            "expiresAt", AttributeValue.fromN(Long.toString(now.plus(period).getEpochSecond()))))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now.getEpochSecond())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void decrement(String key) {
        try {
            dynamo.updateItem(r -> r
                    .tableName(table)
                    .key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("ADD #count :minusOne")
                    .conditionExpression("#count > :zero")
                    .expressionAttributeNames(Map.of("#count", "count"))
                    .expressionAttributeValues(Map.of(":minusOne", AttributeValue.fromN("-1"), ":zero", AttributeValue.fromN("0"))));
        } catch (ConditionalCheckFailedException e) {
            // Nothing counted (or the counter is gone): nothing to take back.
        }
    }

    @Override
    public long current(String key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(key))).consistentRead(true)).item();
        return item == null || !item.containsKey("count") ? 0 : Long.parseLong(item.get("count").n());
    }
}
