package io.smsgate.shared.aws;

import io.smsgate.shared.port.OptOutStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * OptOutsTable: one item per number, keyed by its HMAC ({@code phoneKey}). {@code changedAt} (epoch
 * milliseconds of the text's arrival) orders changes, so a late-delivered START cannot undo a newer
 * STOP. An opt-out never expires; an opt-in record expires ({@code expiresAt}, the TTL attribute) after
 * a year, since "no record" already means "not opted out".
 */
public final class DynamoOptOutStore implements OptOutStore {
    private static final Duration OPT_IN_RETENTION = Duration.ofDays(400);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoOptOutStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean record(Change change) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("phoneKey", AttributeValue.fromS(change.phoneKey()));
        item.put("status", AttributeValue.fromS(change.status().name()));
        item.put("keyword", AttributeValue.fromS(change.keyword()));
        item.put("changedAt", AttributeValue.fromN(Long.toString(change.at().toEpochMilli())));
        item.put("inboundMessageId", AttributeValue.fromS(change.inboundMessageId()));
        if (change.status() == Status.OPTED_IN) {
            item.put("expiresAt", AttributeValue.fromN(Long.toString(change.at().plus(OPT_IN_RETENTION).getEpochSecond())));
        }
        try {
            dynamo.putItem(request -> request
                    .tableName(table)
                    .item(item)
                    .conditionExpression("attribute_not_exists(phoneKey) OR changedAt <= :at")
                    .expressionAttributeValues(Map.of(":at", AttributeValue.fromN(Long.toString(change.at().toEpochMilli())))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Status> statusOf(String phoneKey) {
        return statusFrom(dynamo.getItem(request -> request
                .tableName(table)
                .key(key(phoneKey))
                .consistentRead(true)).item());
    }

    /** A number's item key, for a caller that reads it together with other items (one BatchGetItem). */
    public static Map<String, AttributeValue> key(String phoneKey) {
        return Map.of("phoneKey", AttributeValue.fromS(phoneKey));
    }

    /** The status an item (or its absence: null or empty) records. */
    public static Optional<Status> statusFrom(Map<String, AttributeValue> item) {
        if (item == null || item.isEmpty() || !item.containsKey("status")) {
            return Optional.empty();
        }
        return Optional.of(Status.valueOf(item.get("status").s()));
    }
}
