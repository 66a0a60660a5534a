package io.smsgate.twofactor;

import io.smsgate.shared.domain.OutboundSms;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link SendPacer} as one CountersTable item per origination identity, {@code pace#<identity>}: a
 * virtual-scheduling token bucket (GCRA). {@code next} is when the next slot is free (epoch ms),
 * {@code codeNext} the latest slot a code took. One conditional UpdateItem per reservation:
 * <ul>
 *   <li>the bucket is idle ({@code next <= now}): the slot is now, {@code next = now + interval};</li>
 *   <li>otherwise, if {@code next} is within the horizon, the slot is {@code next} and {@code next}
 *       moves on by the interval (an atomic add, so concurrent executions get distinct slots);</li>
 *   <li>a reply also needs {@code codeNext} to lie at least {@link #CODES_FIRST_GRACE} in the past.</li>
 * </ul>
 * A refused condition returns the item as it was, which says whether to wait (and how long) or to try
 * the other branch again after a race.
 *
 * <p>Which branch to try first: the one the bucket was in when this execution last saw it ({@code next}
 * as the last reservation left it or found it). A bucket the rate binds stays busy from one reservation
 * to the next, and trying "idle" first would then cost every reservation a refused write before the one
 * that takes a slot; an idle bucket stays idle. A stale guess costs what it always did: the refusal, and
 * the other branch with the item it returned.
 */
final class DynamoSendPacer implements SendPacer {
    private static final int ATTEMPTS = 4;
    private static final Duration KEEP = Duration.ofDays(1);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String key;
    private final double partsPerSecond;
    /** {@code next} as this execution last saw it (epoch ms): which branch to try first. Only a hint. */
    private final java.util.concurrent.atomic.AtomicLong lastSeenNext = new java.util.concurrent.atomic.AtomicLong(Long.MIN_VALUE);

    DynamoSendPacer(DynamoDbClient dynamo, String table, String originationIdentity, double partsPerSecond) {
        if (partsPerSecond <= 0) {
            throw new IllegalArgumentException("a send rate must be positive");
        }
        this.dynamo = dynamo;
        this.table = table;
        this.key = "pace#" + originationIdentity;
        this.partsPerSecond = partsPerSecond;
    }

    long intervalMillis(int parts) {
        return Math.max(1, Math.round(Math.max(1, parts) * 1000.0 / partsPerSecond));
    }

    @Override
    public Duration timeFor(long messages) {
        return Duration.ofMillis(Math.max(0, messages) * intervalMillis(1));
    }

    @Override
    public Reservation reserve(OutboundSms.Kind kind, int parts, Instant now, Duration horizon) {
        boolean code = kind == OutboundSms.Kind.CODE;
        long interval = intervalMillis(parts);
        long nowMs = now.toEpochMilli();
        long limit = nowMs + Math.max(0, (code ? horizon : min(horizon, REPLY_HORIZON)).toMillis());
        long graceEdge = nowMs - CODES_FIRST_GRACE.toMillis();
        Map<String, AttributeValue> seen = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            if (seen != null) {
                Reservation wait = waitFor(seen, code, nowMs, limit, graceEdge, interval);
                if (wait != null) {
                    return wait;
                }
            }
            boolean idle = (seen == null ? lastSeenNext.get() : number(seen, "next")) <= nowMs;
            try {
                Reservation.Granted granted = idle ? takeNow(code, nowMs, interval, graceEdge)
                        : takeNext(code, nowMs, limit, interval, graceEdge);
                lastSeenNext.set(granted.at().toEpochMilli() + interval);
                return granted;
            } catch (ConditionalCheckFailedException e) {
                // The item as it was, from the refusal; an emulator that leaves it out costs a read instead.
                seen = e.hasItem() && !e.item().isEmpty() ? e.item() : read();
                lastSeenNext.set(number(seen, "next"));
            }
        }
        return new Reservation.Wait(Duration.ofMillis(interval), SendOutcome.DeferReason.PACED);
    }

    /** Null when the item as seen leaves a slot to try for. */
    private static Reservation waitFor(Map<String, AttributeValue> seen, boolean code, long nowMs, long limit, long graceEdge,
                                       long interval) {
        long codeNext = number(seen, "codeNext");
        if (!code && codeNext > graceEdge) {
            return new Reservation.Wait(Duration.ofMillis(codeNext - graceEdge), SendOutcome.DeferReason.CODES_FIRST);
        }
        long next = number(seen, "next");
        if (next > limit) {
            return new Reservation.Wait(Duration.ofMillis(Math.max(interval, next - limit)), SendOutcome.DeferReason.PACED);
        }
        return null;
    }

    private Reservation.Granted takeNow(boolean code, long nowMs, long interval, long graceEdge) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(nowMs));
        values.put(":next", n(nowMs + interval));
        values.put(":expires", n(Instant.ofEpochMilli(nowMs).plus(KEEP).getEpochSecond()));
        String condition = "(attribute_not_exists(#next) OR #next <= :now)";
        String update = "SET #next = :next, expiresAt = :expires";
        if (code) {
            update += ", codeNext = :now";
        } else {
            condition += " AND (attribute_not_exists(codeNext) OR codeNext <= :grace)";
            values.put(":grace", n(graceEdge));
        }
        String expression = update;
        String check = condition;
        dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression(expression).conditionExpression(check)
                .expressionAttributeNames(Map.of("#next", "next")).expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        return new Reservation.Granted(Instant.ofEpochMilli(nowMs), interval);
    }

    private Reservation.Granted takeNext(boolean code, long nowMs, long limit, long interval, long graceEdge) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":now", n(nowMs));
        values.put(":limit", n(limit));
        values.put(":interval", n(interval));
        values.put(":expires", n(Instant.ofEpochMilli(nowMs).plus(KEEP).getEpochSecond()));
        String condition = "#next > :now AND #next <= :limit";
        // The right-hand side is read before the update: codeNext becomes the slot this call takes.
        String update = "SET #next = #next + :interval, expiresAt = :expires";
        if (code) {
            update += ", codeNext = #next";
        } else {
            condition += " AND (attribute_not_exists(codeNext) OR codeNext <= :grace)";
            values.put(":grace", n(graceEdge));
        }
        String expression = update;
        String check = condition;
        UpdateItemResponse response = dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                .updateExpression(expression).conditionExpression(check)
                .expressionAttributeNames(Map.of("#next", "next")).expressionAttributeValues(values)
                .returnValues(ReturnValue.UPDATED_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        long slot = number(response.attributes(), "next") - interval;
        return new Reservation.Granted(Instant.ofEpochMilli(slot), interval);
    }

    private Map<String, AttributeValue> read() {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                .consistentRead(true)).item();
        return item == null ? Map.of() : item;
    }

    @Override
    public void giveBack(Reservation.Granted slot) {
        long end = slot.at().toEpochMilli() + slot.intervalMillis();
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of("pk", AttributeValue.fromS(key)))
                    .updateExpression("SET #next = :slot")
                    .conditionExpression("#next = :end")
                    .expressionAttributeNames(Map.of("#next", "next"))
                    .expressionAttributeValues(Map.of(":slot", n(slot.at().toEpochMilli()), ":end", n(end))));
        } catch (ConditionalCheckFailedException e) {
            // Someone reserved after it: the slot stays used, a moment of the rate unspent.
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? Long.MIN_VALUE : Long.parseLong(value.n());
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
