package io.smsgate.shared.aws;

import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.port.TransientFaultException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * PhoneLinksTable: key {@code phoneKey} (the number's HMAC), GSI {@code byAccount} on
 * {@code accountId}. The E.164 number is kept in {@code e164} with {@code dataClass = SECURITY}: this
 * table is the one place a number is stored, and only for security.
 */
public final class DynamoPhoneLinks implements PhoneLinks {
    public static final String BY_ACCOUNT = "byAccount";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoPhoneLinks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<PhoneLink> find(String phoneKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(phoneKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<PhoneLink> findByAccount(String accountId) {
        List<Map<String, AttributeValue>> items = dynamo.query(r -> r.tableName(table).indexName(BY_ACCOUNT)
                .keyConditionExpression("accountId = :account")
                .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId)))).items();
        // The index is eventually consistent: confirm against the table itself.
        return items.stream().map(item -> item.get("phoneKey").s()).map(this::find)
                .flatMap(Optional::stream)
                .filter(link -> link.accountId().equals(accountId))
                .findFirst();
    }

    @Override
    public Linked link(String phoneKey, String accountId, PhoneNumber number, Instant at) {
        Optional<PhoneLink> numbersLink = find(phoneKey);
        if (numbersLink.isPresent() && numbersLink.get().accountId().equals(accountId)) {
            // Linked already (a retried or repeated LINK_PHONE): its settings, PIN and cooling-off stay.
            return new Linked(numbersLink.get(), true, List.of());
        }
        PhoneLink link = new PhoneLink(phoneKey, accountId, number.e164(), number.country().value(), at, null, false, null, 0, null,
                false);
        List<PhoneLink> replaced = new ArrayList<>();
        List<TransactWriteItem> writes = new ArrayList<>();
        findByAccount(accountId).filter(previous -> !previous.phoneKey().equals(phoneKey)).ifPresent(previous -> {
            replaced.add(previous);
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(key(previous.phoneKey()))
                    .conditionExpression("accountId = :account")
                    .expressionAttributeValues(Map.of(":account", AttributeValue.fromS(accountId)))).build());
        });
        numbersLink.ifPresent(replaced::add);
        // The number's item is replaced only as it was read: a concurrent link makes this one fail and retry.
        writes.add(TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(toItem(link));
            if (numbersLink.isPresent()) {
                p.conditionExpression("accountId = :previous")
                        .expressionAttributeValues(Map.of(":previous", AttributeValue.fromS(numbersLink.get().accountId())));
            } else {
                p.conditionExpression("attribute_not_exists(phoneKey)");
            }
        }).build());
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes));
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                throw new TransientFaultException("the links of account or number changed while linking: retry");
            }
            throw e;
        }
        return new Linked(link, false, replaced);
    }

    @Override
    public Optional<PhoneLink> updateSettings(String accountId, SettingsChange change, Instant at) {
        Optional<PhoneLink> current = findByAccount(accountId);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":account", AttributeValue.fromS(accountId));
        values.put(":posting", AttributeValue.fromBool(change.smsPosting()));
        values.put(":at", AttributeValue.fromS(at.toString()));
        StringBuilder update = new StringBuilder("SET smsPosting = :posting, settingsUpdatedAt = :at");
        if (change.newPinHash() != null) {
            update.append(", pinHash = :pin");
            values.put(":pin", AttributeValue.fromS(change.newPinHash()));
        }
        if (change.confirmPosts() != null) {
            update.append(", confirmPosts = :confirm");
            values.put(":confirm", AttributeValue.fromBool(change.confirmPosts()));
        }
        if (change.smsPosting()) {
            update.append(", pinFailures = :zero REMOVE lockedAt");
            values.put(":zero", AttributeValue.fromN("0"));
        }
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(current.get().phoneKey()))
                    .updateExpression(update.toString())
                    .conditionExpression("accountId = :account")
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(after));
        } catch (ConditionalCheckFailedException e) {
            // Relinked to another account between the read and the write.
            return Optional.empty();
        }
    }

    @Override
    public PhoneLink recordPinFailure(String phoneKey, int maxFailures, Instant at) {
        Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                .updateExpression("ADD pinFailures :one")
                .conditionExpression("attribute_exists(phoneKey)")
                .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                .returnValues(ReturnValue.ALL_NEW)).attributes();
        PhoneLink link = fromItem(after);
        if (link.pinFailures() >= maxFailures && !link.locked()) {
            try {
                after = dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                        .updateExpression("SET lockedAt = :at, smsPosting = :off")
                        .conditionExpression("attribute_not_exists(lockedAt)")
                        .expressionAttributeValues(Map.of(":at", AttributeValue.fromS(at.toString()), ":off", AttributeValue.fromBool(false)))
                        .returnValues(ReturnValue.ALL_NEW)).attributes();
                link = fromItem(after);
            } catch (ConditionalCheckFailedException e) {
                link = find(phoneKey).orElse(link);
            }
        }
        return link;
    }

    @Override
    public void resetPinFailures(String phoneKey) {
        dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                .updateExpression("SET pinFailures = :zero")
                .conditionExpression("attribute_exists(phoneKey)")
                .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))));
    }

    private static Map<String, AttributeValue> key(String phoneKey) {
        return Map.of("phoneKey", AttributeValue.fromS(phoneKey));
    }

    static Map<String, AttributeValue> toItem(PhoneLink link) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("phoneKey", AttributeValue.fromS(link.phoneKey()));
        item.put("accountId", AttributeValue.fromS(link.accountId()));
        item.put("e164", AttributeValue.fromS(link.e164()));
        item.put("dataClass", AttributeValue.fromS("SECURITY"));
        item.put("country", AttributeValue.fromS(link.country()));
        item.put("linkedAt", AttributeValue.fromS(link.linkedAt().toString()));
        if (link.armedAt() != null) {
            item.put("armedAt", AttributeValue.fromS(link.armedAt().toString()));
        }
        item.put("smsPosting", AttributeValue.fromBool(link.smsPosting()));
        if (link.hasPin()) {
            item.put("pinHash", AttributeValue.fromS(link.pinHash()));
        }
        item.put("pinFailures", AttributeValue.fromN(Integer.toString(link.pinFailures())));
        if (link.lockedAt() != null) {
            item.put("lockedAt", AttributeValue.fromS(link.lockedAt().toString()));
        }
        item.put("confirmPosts", AttributeValue.fromBool(link.confirmPosts()));
        return item;
    }

    static PhoneLink fromItem(Map<String, AttributeValue> item) {
        return new PhoneLink(
                item.get("phoneKey").s(),
                item.get("accountId").s(),
                item.get("e164").s(),
                item.get("country").s(),
                Instant.parse(item.get("linkedAt").s()),
                item.containsKey("armedAt") ? Instant.parse(item.get("armedAt").s()) : null,
                bool(item, "smsPosting"),
                item.containsKey("pinHash") ? item.get("pinHash").s() : null,
                item.containsKey("pinFailures") ? Integer.parseInt(item.get("pinFailures").n()) : 0,
                item.containsKey("lockedAt") ? Instant.parse(item.get("lockedAt").s()) : null,
                bool(item, "confirmPosts"));
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
