package io.smsgate.shared.aws;

import io.smsgate.shared.port.IdempotencyGuard;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * IdempotencyTable: one item per claimed key ({@code pk}), {@code status} IN_PROGRESS with a
 * {@code leaseUntil} and the claim's {@code owner} token, or COMPLETED; {@code expiresAt} is the TTL attribute. TTL deletion is lazy (up to
 * days late), so the claim's condition checks {@code expiresAt} itself: an expired item counts as absent.
 */
public final class DynamoIdempotencyGuard implements IdempotencyGuard {
    private static final String IN_PROGRESS = "IN_PROGRESS";
    private static final String COMPLETED = "COMPLETED";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration lease;
    private final Duration retention;

    public DynamoIdempotencyGuard(DynamoDbClient dynamo, String table, Duration lease, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.lease = lease;
        this.retention = retention;
    }

    /**
     * Each claim writes a token of its own ({@code owner}): when the SDK retries a PutItem whose first try
     * DynamoDB applied (the answer was lost: a reset, a timeout, a 5xx), the condition fails on the item
     * this very claim wrote, and the token says it is ours, not another attempt's.
     */
    @Override
    public Claim claim(String key, Instant now) {
        String owner = UUID.randomUUID().toString();
        try {
            dynamo.putItem(request -> request
                    .tableName(table)
                    .item(Map.of(
                            "pk", s(key),
                            "status", s(IN_PROGRESS),
                            "owner", s(owner),
                            "leaseUntil", n(now.plus(lease)),
                            "expiresAt", n(now.plus(retention))))
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt < :now"
                            + " OR (#status = :inProgress AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":now", n(now), ":inProgress", s(IN_PROGRESS)))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Claim.ACQUIRED;
        } catch (ConditionalCheckFailedException e) {
            Map<String, AttributeValue> existing = e.hasItem() ? e.item() : Map.of();
            AttributeValue status = existing.get("status");
            if (status != null && COMPLETED.equals(status.s())) {
                return Claim.ALREADY_DONE;
            }
            AttributeValue holder = existing.get("owner");
            return holder != null && owner.equals(holder.s()) ? Claim.ACQUIRED : Claim.IN_PROGRESS;
        }
    }

    @Override
    public void complete(String key, Instant now) {
        Update completion = completionUpdate(key, now);
        dynamo.updateItem(request -> request
                .tableName(table)
                .key(completion.key())
                .updateExpression(completion.updateExpression())
                .expressionAttributeNames(completion.expressionAttributeNames())
                .expressionAttributeValues(completion.expressionAttributeValues()));
    }

    /** {@link #complete}, as an item of a transaction that records the outcome it completes in the same write. */
    public TransactWriteItem completion(String key, Instant now) {
        return TransactWriteItem.builder().update(completionUpdate(key, now)).build();
    }

    private Update completionUpdate(String key, Instant now) {
        return Update.builder()
                .tableName(table)
                .key(Map.of("pk", s(key)))
                .updateExpression("SET #status = :completed, completedAt = :now, expiresAt = :expires REMOVE leaseUntil")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(
                        ":completed", s(COMPLETED),
                        ":now", n(now),
                        ":expires", n(now.plus(retention))))
                .build();
    }

    @Override
    public void release(String key) {
        try {
            dynamo.deleteItem(request -> request
                    .tableName(table)
                    .key(Map.of("pk", s(key)))
                    .conditionExpression("#status = :inProgress")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":inProgress", s(IN_PROGRESS))));
        } catch (ConditionalCheckFailedException e) {
            // Completed meanwhile, or already gone: nothing to release.
        }
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(Instant instant) {
        return AttributeValue.fromN(Long.toString(instant.getEpochSecond()));
    }
}
