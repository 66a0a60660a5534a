package io.smsgate.twofactor;

import io.smsgate.shared.domain.SealedNumber;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * VerificationsTable, key {@code pk}: {@code V#<id>} holds a verification, {@code S#<phoneKey>#<purpose>#<account>}
 * names the latest verification started for that number, purpose and account ({@code N#<phoneKey>}, a
 * number's failed checks in a row, is {@link DynamoCheckFailures}'s). Times used in conditions
 * are epoch seconds. {@code deleteAfter} (the TTL attribute) is a day after expiry, so a late check still
 * answers EXPIRED rather than "not found"; conditions compare {@code expiresAt} themselves.
 */
final class DynamoVerifications implements Verifications {
    static final Duration KEEP_AFTER_EXPIRY = Duration.ofDays(1);
    private static final String SENDING = "SENDING";
    private static final String SENT = "SENT";
    private static final String RETRYING = "RETRYING";
    private static final String UNKNOWN = "UNKNOWN";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String countersTable;

    /** Without the counters table: for the functions that never approve (delivery receipts) and for tests that read. */
    DynamoVerifications(DynamoDbClient dynamo, String table) {
        this(dynamo, table, null);
    }

    /** {@code countersTable}: where an approval counts its conversion ({@link #approve}). */
    DynamoVerifications(DynamoDbClient dynamo, String table, String countersTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.countersTable = countersTable;
    }

    @Override
    public Optional<Verification> find(String id) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(id)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public Optional<String> latest(String startKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(pointerKey(startKey)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(item.get("verificationId").s());
    }

    @Override
    public boolean create(Verification verification, String previousId) {
        Map<String, AttributeValue> pointer = Map.of(
                "pk", s("S#" + verification.startKey()),
                "verificationId", s(verification.id()),
                "deleteAfter", n(verification.expiresAt().plus(KEEP_AFTER_EXPIRY)));
        TransactWriteItem pointTo = TransactWriteItem.builder().put(p -> {
            p.tableName(table).item(pointer);
            if (previousId == null) {
                p.conditionExpression("attribute_not_exists(pk)");
            } else {
                p.conditionExpression("verificationId = :previous")
                        .expressionAttributeValues(Map.of(":previous", s(previousId)));
            }
        }).build();
        TransactWriteItem store = TransactWriteItem.builder().put(p -> p.tableName(table).item(toItem(verification))
                .conditionExpression("attribute_not_exists(pk)")).build();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(pointTo, store));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && e.cancellationReasons().stream()
                    .anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean requestSend(Verification v, Instant now, Instant cooldownEdge, int maxSends) {
        int next = v.requested() + 1;
        if (next > maxSends) {
            return false;
        }
        return update(v.id(), "SET requested = :next, requestedAt = :now",
                "#state = :pending AND expiresAt > :now AND requested = :current AND requestedAt <= :edge",
                Map.of(":next", n(next), ":now", n(now), ":pending", s(Verification.State.PENDING.name()),
                        ":current", n(v.requested()), ":edge", n(cooldownEdge)));
    }

    @Override
    public boolean requestAgain(Verification v, Instant now, Instant cooldownEdge) {
        return update(v.id(), "SET requestedAt = :now",
                "#state = :pending AND expiresAt > :now AND requested = :current AND handled < :current AND requestedAt <= :edge",
                Map.of(":now", n(now), ":pending", s(Verification.State.PENDING.name()), ":current", n(v.requested()),
                        ":edge", n(cooldownEdge)));
    }

    @Override
    public boolean recordNotSent(String id, int number, String outcome) {
        return update(id, "SET handled = :number, delivery = :outcome", "handled < :number",
                Map.of(":number", n(number), ":outcome", s(outcome)));
    }

    @Override
    public boolean storeCode(Verification before, int number, String codeDigest, Instant now, Instant cooldownEdge, int maxSends) {
        return update(before.id(),
                "SET codeDigest = :digest, codeSentAt = :now, sends = sends + :one, handled = :number, delivery = :sending"
                        + " REMOVE messageId, receipt, receiptFinal, receiptAt",
                "#state = :pending AND expiresAt > :now AND sends < :max AND handled < :number"
                        + " AND (attribute_not_exists(codeSentAt) OR codeSentAt <= :edge)",
                Map.of(":digest", s(codeDigest), ":now", n(now), ":one", n(1), ":number", n(number),
                        ":sending", s(SENDING), ":pending", s(Verification.State.PENDING.name()), ":max", n(maxSends),
                        ":edge", n(cooldownEdge)));
    }

    @Override
    public void recordSent(String id, int number, String messageId) {
        update(id, "SET delivery = :sent, messageId = :message", "handled = :number",
                Map.of(":sent", s(SENT), ":message", s(messageId), ":number", n(number)));
    }

    @Override
    public Delivery recordReceipt(String id, String messageId, String receipt, boolean isFinal, Instant reportedAt) {
        // Receipts come in any order: a final state is not overwritten by a later-arriving interim one,
        // and of two final ones the later report wins. A receipt for a code that was replaced by a newer
        // send (another messageId) or for a verification gone from the table changes nothing.
        String order = isFinal
                ? "(attribute_not_exists(receiptFinal) OR receiptFinal = :false OR receiptAt <= :at)"
                : "(attribute_not_exists(receiptFinal) OR receiptFinal = :false) AND (attribute_not_exists(receiptAt) OR receiptAt <= :at)";
        Map<String, AttributeValue> values = Map.of(":message", s(messageId), ":receipt", s(receipt),
                ":final", AttributeValue.fromBool(isFinal), ":false", AttributeValue.fromBool(false),
                ":at", AttributeValue.fromN(Long.toString(reportedAt.toEpochMilli())));
        if (update(id, "SET receipt = :receipt, receiptFinal = :final, receiptAt = :at", "messageId = :message AND " + order, values)) {
            return Delivery.RECORDED;
        }
        return find(id).filter(v -> messageId.equals(v.messageId())).isPresent() ? Delivery.OUT_OF_ORDER : Delivery.NOT_CURRENT;
    }

    @Override
    public void recordUnknown(String id, int number) {
        update(id, "SET delivery = :unknown", "handled = :number", Map.of(":unknown", s(UNKNOWN), ":number", n(number)));
    }

    @Override
    public void recordRejected(String id, int number, String reason) {
        update(id, "SET delivery = :reason REMOVE codeDigest", "handled = :number",
                Map.of(":reason", s(reason), ":number", n(number)));
    }

    @Override
    public void restore(Verification before, int number, String codeDigest) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":handled", n(before.handled()));
        values.put(":sends", n(before.sends()));
        values.put(":retrying", s(RETRYING));
        values.put(":number", n(number));
        values.put(":digest", s(codeDigest));
        StringBuilder set = new StringBuilder("SET handled = :handled, sends = :sends, delivery = :retrying");
        StringBuilder remove = new StringBuilder();
        if (before.codeDigest() != null) {
            set.append(", codeDigest = :previousDigest");
            values.put(":previousDigest", s(before.codeDigest()));
        } else {
            remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("codeDigest");
        }
        if (before.codeSentAt() != null) {
            set.append(", codeSentAt = :previousSentAt");
            values.put(":previousSentAt", n(before.codeSentAt()));
        } else {
            remove.append(remove.isEmpty() ? " REMOVE " : ", ").append("codeSentAt");
        }
        update(before.id(), set.toString() + remove, "handled = :number AND codeDigest = :digest", values);
    }

    @Override
    public boolean countWrongCheck(Verification v, boolean lock, Instant now) {
        String expression = lock
                ? "SET checks = :after, #state = :locked REMOVE codeDigest, recipient"
                : "SET checks = :after";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":after", n(v.checks() + 1), ":checks", n(v.checks()),
                ":pending", s(Verification.State.PENDING.name()), ":now", n(now)));
        if (lock) {
            values.put(":locked", s(Verification.State.LOCKED.name()));
        }
        return update(v.id(), expression, "#state = :pending AND checks = :checks AND expiresAt > :now", values);
    }

    /**
     * One TransactWriteItems: the approval (conditional: still pending, the same checks and code, not
     * expired), the number's run of failed checks ended ({@code N#…}, {@link DynamoCheckFailures}' item),
     * and a conversion for each scope ({@link DynamoConversionCounters}' buckets in CountersTable) —
     * instead of an UpdateItem each. Cancelled by the approval's own condition: REFUSED. Cancelled for
     * another cause (a conflict with a concurrent write on the run or on a busy counter, throttling): the
     * approval alone, so the check never fails for the sake of a counter, and the caller does the rest.
     */
    @Override
    public Approval approve(Verification v, Instant now, boolean linkPending, List<ConversionCounters.Scope> converted) {
        // The digest stays (for the repeat window); the number goes, unless a link still needs it.
        String expression = linkPending
                ? "SET checks = :after, #state = :approved, approvedAt = :now, linkPending = :true"
                : "SET checks = :after, #state = :approved, approvedAt = :now REMOVE recipient";
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":after", n(v.checks() + 1), ":checks", n(v.checks()),
                ":approved", s(Verification.State.APPROVED.name()), ":pending", s(Verification.State.PENDING.name()),
                ":now", n(now), ":digest", s(v.codeDigest())));
        if (linkPending) {
            values.put(":true", AttributeValue.fromBool(true));
        }
        String condition = "#state = :pending AND checks = :checks AND codeDigest = :digest AND expiresAt > :now";
        if (!converted.isEmpty() && countersTable == null) {
            throw new IllegalStateException("conversions are counted only with the counters table");
        }
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(key(v.id()))
                .updateExpression(expression)
                .conditionExpression("attribute_exists(pk) AND (" + condition + ")")
                .expressionAttributeNames(Map.of("#state", "state"))
                .expressionAttributeValues(values)).build());
        items.add(DynamoCheckFailures.resetItem(table, v.phoneKey(), now));
        for (ConversionCounters.Scope scope : converted) {
            items.add(DynamoConversionCounters.countItem(countersTable, ConversionCounters.Outcome.APPROVED, scope, now));
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return Approval.APPROVED;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && !e.cancellationReasons().isEmpty()
                    && CONDITION_FAILED.equals(e.cancellationReasons().getFirst().code())) {
                return Approval.REFUSED;
            }
            return update(v.id(), expression, condition, values) ? Approval.APPROVED_ALONE : Approval.REFUSED;
        }
    }

    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    @Override
    public void finishLink(String id) {
        update(id, "REMOVE recipient, linkPending", "#state = :approved",
                Map.of(":approved", s(Verification.State.APPROVED.name())));
    }

    @Override
    public boolean suppress(Verification v, Verification.State state) {
        return update(v.id(), "SET #state = :state REMOVE codeDigest, recipient", "#state = :pending",
                Map.of(":state", s(state.name()), ":pending", s(Verification.State.PENDING.name())));
    }

    /** One conditional UpdateItem; false when the condition did not hold. */
    private boolean update(String id, String expression, String condition, Map<String, AttributeValue> values) {
        Map<String, String> names = new HashMap<>();
        if (expression.contains("#state") || condition.contains("#state")) {
            names.put("#state", "state");
        }
        try {
            dynamo.updateItem(r -> r.tableName(table).key(key(id))
                    .updateExpression(expression)
                    .conditionExpression("attribute_exists(pk) AND (" + condition + ")")
                    .expressionAttributeNames(names.isEmpty() ? null : names)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /** The key of the item that names the latest verification started for a number, purpose and account. */
    static Map<String, AttributeValue> pointerKey(String startKey) {
        return Map.of("pk", s("S#" + startKey));
    }

    static Map<String, AttributeValue> key(String id) {
        return Map.of("pk", s("V#" + id));
    }

    static Map<String, AttributeValue> toItem(Verification v) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", s("V#" + v.id()));
        item.put("verificationId", s(v.id()));
        item.put("phoneKey", s(v.phoneKey()));
        if (v.recipient() != null) {
            item.put("recipient", s(v.recipient().sealed()));
        }
        item.put("country", s(v.country()));
        item.put("purpose", s(v.purpose().name()));
        if (v.accountId() != null) {
            item.put("accountId", s(v.accountId()));
        }
        if (v.locale() != null) {
            item.put("locale", s(v.locale()));
        }
        item.put("createdAt", n(v.createdAt()));
        item.put("expiresAt", n(v.expiresAt()));
        item.put("deleteAfter", n(v.expiresAt().plus(KEEP_AFTER_EXPIRY)));
        item.put("state", s(v.state().name()));
        item.put("checks", n(v.checks()));
        item.put("requested", n(v.requested()));
        item.put("requestedAt", n(v.requestedAt()));
        item.put("handled", n(v.handled()));
        item.put("sends", n(v.sends()));
        if (v.codeDigest() != null) {
            item.put("codeDigest", s(v.codeDigest()));
        }
        if (v.codeSentAt() != null) {
            item.put("codeSentAt", n(v.codeSentAt()));
        }
        if (v.delivery() != null) {
            item.put("delivery", s(v.delivery()));
        }
        if (v.sessionDigest() != null) {
            item.put("sessionDigest", s(v.sessionDigest()));
        }
        if (v.approvedAt() != null) {
            item.put("approvedAt", n(v.approvedAt()));
        }
        if (v.messageId() != null) {
            item.put("messageId", s(v.messageId()));
        }
        if (v.receipt() != null) {
            item.put("receipt", s(v.receipt()));
        }
        return item;
    }

    static Verification fromItem(Map<String, AttributeValue> item) {
        String phoneKey = item.get("phoneKey").s();
        return new Verification(
                item.get("verificationId").s(),
                phoneKey,
                item.containsKey("recipient") ? new SealedNumber(phoneKey, item.get("recipient").s()) : null,
                item.get("country").s(),
                VerificationPurpose.valueOf(item.get("purpose").s()),
                string(item, "accountId"),
                string(item, "locale"),
                instant(item, "createdAt"),
                instant(item, "expiresAt"),
                Verification.State.valueOf(item.get("state").s()),
                integer(item, "checks"),
                integer(item, "requested"),
                instant(item, "requestedAt"),
                integer(item, "handled"),
                integer(item, "sends"),
                string(item, "codeDigest"),
                item.containsKey("codeSentAt") ? instant(item, "codeSentAt") : null,
                string(item, "delivery"),
                item.containsKey("linkPending") && Boolean.TRUE.equals(item.get("linkPending").bool()),
                string(item, "sessionDigest"),
                item.containsKey("approvedAt") ? instant(item, "approvedAt") : null,
                string(item, "messageId"),
                string(item, "receipt"));
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    private static int integer(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Integer.parseInt(value.n());
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        return Instant.ofEpochSecond(Long.parseLong(item.get(name).n()));
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static AttributeValue n(Instant instant) {
        return n(instant.getEpochSecond());
    }
}
