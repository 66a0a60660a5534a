package io.smsgate.posting;

import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.port.Counters;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * PostsTable: key {@code postId}; GSI {@code byAccount} on {@code accountId} and {@code createdAt}
 * (epoch milliseconds, a number, so it sorts by time), for listing; GSI {@code byAccountReceived} on
 * {@code accountId} and {@code receivedAtMillis} (when the text was received, epoch milliseconds), for
 * UNDO, which means the posts in the order the person sent them. Every write is conditional, so a
 * redelivery or a concurrent attempt cannot write a post twice or delete one twice, and a post is
 * written only in one transaction with a check on the PhoneLinksTable item it was judged against and
 * the account's hourly counter in CountersTable ({@code PostsPerHour#…}): three items, six write units.
 */
final class DynamoPostStore implements PostStore {
    static final String BY_ACCOUNT = "byAccount";
    static final String BY_ACCOUNT_RECEIVED = "byAccountReceived";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String phoneLinksTable;
    private final String countersTable;

    DynamoPostStore(DynamoDbClient dynamo, String table, String phoneLinksTable, String countersTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.phoneLinksTable = phoneLinksTable;
        this.countersTable = countersTable;
    }

    @Override
    public Optional<Post> find(String postId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(postId)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Created create(Post post, PhoneLink judgedAgainst, boolean endGuessRun, String upgradedPinHash, Counters.Limit hourly) {
        if (hourly.limit() <= 0) {
            return Created.RATE_LIMITED;
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(
                    DynamoPhoneLinks.stillArmed(phoneLinksTable, judgedAgainst, endGuessRun, upgradedPinHash),
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(post))
                            .conditionExpression("attribute_not_exists(postId)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(countersTable)
                            .key(Map.of("pk", AttributeValue.fromS(hourly.key())))
                            .updateExpression("ADD #count :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                            .conditionExpression("attribute_not_exists(#count) OR #count < :limit")
                            .expressionAttributeNames(Map.of("#count", "count"))
                            .expressionAttributeValues(Map.of(
                                    ":one", AttributeValue.fromN("1"),
                                    ":limit", AttributeValue.fromN(Long.toString(hourly.limit())),
                                    ":expires", AttributeValue.fromN(Long.toString(hourly.expiresAt().getEpochSecond()))))).build()));
            return Created.CREATED;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.hasCancellationReasons() ? e.cancellationReasons() : List.of();
            if (reasons.size() == 3 && CONDITION_FAILED.equals(reasons.get(1).code())) {
                return Created.EXISTS;
            }
            if (reasons.size() == 3 && CONDITION_FAILED.equals(reasons.get(0).code())) {
                return Created.LINK_CHANGED;
            }
            if (reasons.size() == 3 && CONDITION_FAILED.equals(reasons.get(2).code())) {
                return Created.RATE_LIMITED;
            }
            // A conflict with a concurrent transaction on any of the items: Lambda's retry decides afresh.
            throw e;
        }
    }

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    @Override
    public void markPublished(String postId) {
        setFlag(postId, "published");
    }

    @Override
    public List<Post> receivedBefore(String accountId, Instant atOrBefore, int limit) {
        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table).indexName(BY_ACCOUNT_RECEIVED)
                .keyConditionExpression("accountId = :account AND receivedAtMillis <= :at")
                .expressionAttributeValues(Map.of(
                        ":account", AttributeValue.fromS(accountId),
                        ":at", AttributeValue.fromN(Long.toString(atOrBefore.toEpochMilli()))))
                .scanIndexForward(false)
                .limit(limit)).items();
        return items.stream().map(DynamoPostStore::fromItem).toList();
    }

    @Override
    public Optional<Post> markDeleted(String postId, String undoMessageId, Instant at, Instant expiresAt) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(postId))
                    .updateExpression("SET deletedAt = :at, deletedBy = :by, deletePublished = :false, expiresAt = :expires REMOVE #text")
                    .conditionExpression("attribute_exists(postId) AND attribute_not_exists(deletedAt)")
                    .expressionAttributeNames(Map.of("#text", "text"))
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(at.toString()),
                            ":by", AttributeValue.fromS(undoMessageId),
                            ":false", AttributeValue.fromBool(false),
                            ":expires", AttributeValue.fromN(Long.toString(expiresAt.getEpochSecond()))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(after));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public void markDeletePublished(String postId) {
        setFlag(postId, "deletePublished");
    }

    private void setFlag(String postId, String flag) {
        dynamo.updateItem(r -> r.tableName(table).key(key(postId))
                .updateExpression("SET #flag = :true")
                .conditionExpression("attribute_exists(postId)")
                .expressionAttributeNames(Map.of("#flag", flag))
                .expressionAttributeValues(Map.of(":true", AttributeValue.fromBool(true))));
    }

    private static Map<String, AttributeValue> key(String postId) {
        return Map.of("postId", AttributeValue.fromS(postId));
    }

    static Map<String, AttributeValue> toItem(Post post) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("postId", AttributeValue.fromS(post.postId()));
        item.put("accountId", AttributeValue.fromS(post.accountId()));
        item.put("createdAt", AttributeValue.fromN(Long.toString(post.createdAt().toEpochMilli())));
        item.put("receivedAt", AttributeValue.fromS(post.receivedAt().toString()));
        item.put("receivedAtMillis", AttributeValue.fromN(Long.toString(post.receivedAt().toEpochMilli())));
        if (post.text() != null) {
            item.put("text", AttributeValue.fromS(post.text()));
        }
        item.put("country", AttributeValue.fromS(post.country()));
        item.put("source", AttributeValue.fromS(Post.SOURCE));
        item.put("inboundMessageId", AttributeValue.fromS(post.inboundMessageId()));
        item.put("confirm", AttributeValue.fromBool(post.confirm()));
        item.put("published", AttributeValue.fromBool(post.published()));
        if (post.deletedAt() != null) {
            item.put("deletedAt", AttributeValue.fromS(post.deletedAt().toString()));
            item.put("deletedBy", AttributeValue.fromS(post.deletedBy()));
            item.put("deletePublished", AttributeValue.fromBool(post.deletePublished()));
        }
        return item;
    }

    static Post fromItem(Map<String, AttributeValue> item) {
        return new Post(
                item.get("postId").s(),
                item.get("accountId").s(),
                item.containsKey("text") ? item.get("text").s() : null,
                item.get("country").s(),
                item.get("inboundMessageId").s(),
                Instant.parse(item.get("receivedAt").s()),
                Instant.ofEpochMilli(Long.parseLong(item.get("createdAt").n())),
                bool(item, "confirm"),
                bool(item, "published"),
                item.containsKey("deletedAt") ? Instant.parse(item.get("deletedAt").s()) : null,
                item.containsKey("deletedBy") ? item.get("deletedBy").s() : null,
                bool(item, "deletePublished"));
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
