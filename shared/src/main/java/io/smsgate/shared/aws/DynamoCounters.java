package io.smsgate.shared.aws;

import io.smsgate.shared.port.Counters;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * CountersTable: {@code pk} is the counter's name (which includes its window), {@code count} its
 * value, {@code expiresAt} the TTL attribute. One UpdateItem: ADD under a condition on the limit.
 * {@link #oncePer} is one conditional PutItem that succeeds only when the key is absent or expired
 * (the condition checks the expiry itself: TTL deletion is lazy). {@link #incrementEachIfBelow} is one
 * TransactWriteItems (two write units per counter) whose cancellation reasons say which limit refused.
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

    /**
     * All the counters in one transaction. Refused: its cancellation reasons name every counter at its
     * limit; the first of them is the answer, and the ones before it are then counted one by one, as the
     * sequence of single increments would have left them. A transaction cancelled for another reason (a
     * conflict with a concurrent transaction on a hot counter, throttling) is done one by one instead.
     */
    @Override
    public int incrementEachIfBelow(List<Limit> limits) {
        int usable = 0;
        while (usable < limits.size() && limits.get(usable).limit() > 0) {
            usable++;
        }
        if (usable <= 1) {
            return Counters.super.incrementEachIfBelow(limits);
        }
        List<TransactWriteItem> items = limits.subList(0, usable).stream().map(this::increment).toList();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return usable == limits.size() ? -1 : usable;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            int refused = -1;
            for (int i = 0; i < reasons.size(); i++) {
                String code = reasons.get(i).code();
                if (CONDITION_FAILED.equals(code)) {
                    refused = refused < 0 ? i : refused;
                } else if (code != null && !"None".equals(code)) {
                    return Counters.super.incrementEachIfBelow(limits);
                }
            }
            if (refused < 0) {
                return Counters.super.incrementEachIfBelow(limits);
            }
            int before = Counters.super.incrementEachIfBelow(limits.subList(0, refused));
            return before >= 0 ? before : refused;
        }
    }

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private TransactWriteItem increment(Limit limit) {
        return TransactWriteItem.builder().update(u -> u
                .tableName(table)
                .key(Map.of("pk", AttributeValue.fromS(limit.key())))
                .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                .expressionAttributeNames(Map.of("#count", "count"))
                .expressionAttributeValues(Map.of(
                        ":one", AttributeValue.fromN("1"),
                        ":limit", AttributeValue.fromN(Long.toString(limit.limit())),
                        ":expires", AttributeValue.fromN(Long.toString(limit.expiresAt().getEpochSecond()))))).build();
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
