package io.smsgate.shared.aws;

import io.smsgate.shared.domain.PhoneLink;
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
 * {@code accountId}. The number is kept only sealed, in {@code sealedNumber} with
 * {@code dataClass = SECURITY}; no attribute holds it in clear (links written before that kept an
 * {@code e164} attribute, which nothing reads: see docs/trust-boundaries.md for removing it).
 */
public final class DynamoPhoneLinks implements PhoneLinks {
    public static final String BY_ACCOUNT = "byAccount";
    /** The current run of guesses at the PIN: a string set of guess ids (inbound message ids, API request ids). */
    static final String GUESSES = "guesses";

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
    public Linked link(String phoneKey, String accountId, String sealedNumber, String country, Instant at) {
        Optional<PhoneLink> numbersLink = find(phoneKey);
        if (numbersLink.isPresent() && numbersLink.get().accountId().equals(accountId)) {
            // Linked already (a retried or repeated LINK_PHONE): its settings, PIN and cooling-off stay.
            return new Linked(numbersLink.get(), true, List.of());
        }
        PhoneLink link = new PhoneLink(phoneKey, accountId, sealedNumber, country, at, null, false, null, 0, null, false);
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
    public Optional<PhoneLink> updateSettings(PhoneLink from, SettingsChange change, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":posting", AttributeValue.fromBool(change.smsPosting()));
        values.put(":at", AttributeValue.fromS(at.toString()));
        List<String> set = new ArrayList<>(List.of("smsPosting = :posting", "settingsUpdatedAt = :at"));
        List<String> remove = new ArrayList<>();
        if (change.newPinHash() != null) {
            set.add("pinHash = :pin");
            values.put(":pin", AttributeValue.fromS(change.newPinHash()));
        }
        if (change.removePin()) {
            remove.add("pinHash");
        }
        if (change.confirmPosts() != null) {
            set.add("confirmPosts = :confirm");
            values.put(":confirm", AttributeValue.fromBool(change.confirmPosts()));
        }
        if (change.arm()) {
            set.add("armedAt = :at");
        }
        // A new or removed PIN starts a new run of guesses, as does a right current PIN or a cleared lock.
        if (change.clearLock() || change.endGuessRun() || change.newPinHash() != null || change.removePin()) {
            set.add("pinFailures = :zero");
            values.put(":zero", AttributeValue.fromN("0"));
            remove.add(GUESSES);
        }
        if (change.clearLock()) {
            remove.add("lockedAt");
        }
        String update = "SET " + String.join(", ", set) + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        Map<String, String> names = new HashMap<>();
        String condition = sameState(from, values, names);
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(from.phoneKey()))
                    .updateExpression(update)
                    .conditionExpression(condition)
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values)
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(after));
        } catch (ConditionalCheckFailedException e) {
            // Relinked, the PIN changed, or locked or unlocked, between the read and the write.
            return Optional.empty();
        }
    }

    /**
     * The condition that the link item is still the one {@code link} was read as, for everything a
     * security decision rests on: account, link time, PIN hash, lock, and arming.
     */
    private static String sameState(PhoneLink link, Map<String, AttributeValue> values, Map<String, String> names) {
        values.put(":was_account", AttributeValue.fromS(link.accountId()));
        values.put(":was_linked", AttributeValue.fromS(link.linkedAt().toString()));
        List<String> parts = new ArrayList<>(List.of("accountId = :was_account", "linkedAt = :was_linked"));
        if (link.hasPin()) {
            values.put(":was_pin", AttributeValue.fromS(link.pinHash()));
            parts.add("pinHash = :was_pin");
        } else {
            parts.add("attribute_not_exists(pinHash)");
        }
        if (link.locked()) {
            values.put(":was_locked", AttributeValue.fromS(link.lockedAt().toString()));
            parts.add("lockedAt = :was_locked");
        } else {
            parts.add("attribute_not_exists(lockedAt)");
        }
        if (link.armedAt() != null) {
            values.put(":was_armed", AttributeValue.fromS(link.armedAt().toString()));
            parts.add("armedAt = :was_armed");
        } else {
            parts.add("attribute_not_exists(armedAt)");
        }
        return String.join(" AND ", parts);
    }

    /**
     * One item of a transaction that writes a post: the link must still be what the post was judged
     * against (same account, link, arming and PIN, posting on, not locked); when {@code endGuessRun}
     * the right PIN's run of guesses ends in the same write, otherwise the link is only checked.
     */
    public static TransactWriteItem stillArmed(String table, PhoneLink link, boolean endGuessRun) {
        return stillArmed(table, link, endGuessRun, null);
    }

    /**
     * {@link #stillArmed(String, PhoneLink, boolean)}, and with {@code upgradedPinHash} (only with
     * {@code endGuessRun}: the PIN was right) the link's PIN hash replaced by that one, which holds the same
     * PIN under the current pepper. Not an arming: the PIN is the same.
     */
    public static TransactWriteItem stillArmed(String table, PhoneLink link, boolean endGuessRun, String upgradedPinHash) {
        if (upgradedPinHash != null && !endGuessRun) {
            throw new IllegalArgumentException("a PIN hash is replaced only after the PIN was right");
        }
        Map<String, AttributeValue> values = new HashMap<>();
        Map<String, String> names = new HashMap<>();
        String condition = sameState(link, values, names) + " AND smsPosting = :on";
        values.put(":on", AttributeValue.fromBool(true));
        if (!endGuessRun) {
            return TransactWriteItem.builder().conditionCheck(c -> c.tableName(table).key(key(link.phoneKey()))
                    .conditionExpression(condition).expressionAttributeValues(values)).build();
        }
        values.put(":zero", AttributeValue.fromN("0"));
        String set = "SET pinFailures = :zero";
        if (upgradedPinHash != null) {
            set += ", pinHash = :upgradedPinHash";
            values.put(":upgradedPinHash", AttributeValue.fromS(upgradedPinHash));
        }
        String update = set + " REMOVE " + GUESSES;
        return TransactWriteItem.builder().update(u -> u.tableName(table).key(key(link.phoneKey()))
                .updateExpression(update)
                .conditionExpression(condition).expressionAttributeValues(values)).build();
    }

    @Override
    public Optional<PhoneLink> reserveGuess(String phoneKey, String guessId, int maxGuesses) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    .updateExpression("ADD " + GUESSES + " :id")
                    .conditionExpression("attribute_exists(phoneKey) AND attribute_not_exists(lockedAt) AND ("
                            + "attribute_not_exists(" + GUESSES + ") OR size(" + GUESSES + ") < :max OR contains(" + GUESSES + ", :guess))")
                    .expressionAttributeValues(Map.of(
                            ":id", AttributeValue.fromSs(List.of(guessId)),
                            ":guess", AttributeValue.fromS(guessId),
                            ":max", AttributeValue.fromN(Integer.toString(maxGuesses))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(fromItem(after));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }

    @Override
    public PhoneLink lockIfSpent(String phoneKey, int maxGuesses, Instant at) {
        try {
            Map<String, AttributeValue> after = dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    .updateExpression("SET lockedAt = :at, smsPosting = :off, pinFailures = :max")
                    .conditionExpression("attribute_exists(phoneKey) AND attribute_not_exists(lockedAt) AND size(" + GUESSES + ") >= :max")
                    .expressionAttributeValues(Map.of(
                            ":at", AttributeValue.fromS(at.toString()),
                            ":off", AttributeValue.fromBool(false),
                            ":max", AttributeValue.fromN(Integer.toString(maxGuesses))))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return fromItem(after);
        } catch (ConditionalCheckFailedException e) {
            // Not spent yet, or locked by a concurrent guess: the link as it is.
            return find(phoneKey).orElseThrow(() -> new IllegalStateException("the link is gone"));
        }
    }

    @Override
    public void endGuessRun(String phoneKey) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    .updateExpression("SET pinFailures = :zero REMOVE " + GUESSES)
                    .conditionExpression("attribute_exists(phoneKey)")
                    .expressionAttributeValues(Map.of(":zero", AttributeValue.fromN("0"))));
        } catch (ConditionalCheckFailedException e) {
            // Unlinked meanwhile: no run to end.
        }
    }

    @Override
    public void disarm(String phoneKey, Instant at) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(phoneKey))
                    .updateExpression("SET smsPosting = :off, settingsUpdatedAt = :at")
                    .conditionExpression("attribute_exists(phoneKey)")
                    .expressionAttributeValues(Map.of(":off", AttributeValue.fromBool(false), ":at", AttributeValue.fromS(at.toString()))));
        } catch (ConditionalCheckFailedException e) {
            // Unlinked meanwhile: nothing to disarm.
        }
    }

    private static Map<String, AttributeValue> key(String phoneKey) {
        return Map.of("phoneKey", AttributeValue.fromS(phoneKey));
    }

    /** The item a link is stored as (also for setup tools that write many links at once, such as the cold-start bench). */
    public static Map<String, AttributeValue> toItem(PhoneLink link) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("phoneKey", AttributeValue.fromS(link.phoneKey()));
        item.put("accountId", AttributeValue.fromS(link.accountId()));
        if (link.sealedNumber() != null) {
            item.put("sealedNumber", AttributeValue.fromS(link.sealedNumber()));
        }
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

    /** A link's item key, for a caller that reads it together with other items (one BatchGetItem). */
    public static Map<String, AttributeValue> itemKey(String phoneKey) {
        return key(phoneKey);
    }

    /** The link an item holds. */
    public static PhoneLink fromItem(Map<String, AttributeValue> item) {
        return new PhoneLink(
                item.get("phoneKey").s(),
                item.get("accountId").s(),
                item.containsKey("sealedNumber") ? item.get("sealedNumber").s() : null,
                item.get("country").s(),
                Instant.parse(item.get("linkedAt").s()),
                item.containsKey("armedAt") ? Instant.parse(item.get("armedAt").s()) : null,
                bool(item, "smsPosting"),
                item.containsKey("pinHash") ? item.get("pinHash").s() : null,
                failures(item),
                item.containsKey("lockedAt") ? Instant.parse(item.get("lockedAt").s()) : null,
                bool(item, "confirmPosts"));
    }

    /** The guesses in the current run (one per id); {@code pinFailures} on items written before the run was a set. */
    private static int failures(Map<String, AttributeValue> item) {
        AttributeValue guesses = item.get(GUESSES);
        if (guesses != null && guesses.hasSs()) {
            return guesses.ss().size();
        }
        AttributeValue legacy = item.get("pinFailures");
        return legacy == null || legacy.n() == null ? 0 : Integer.parseInt(legacy.n());
    }

    private static boolean bool(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value != null && Boolean.TRUE.equals(value.bool());
    }
}
