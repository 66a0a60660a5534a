package io.smsgate.twofactor;

import io.smsgate.shared.aws.BatchReads;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@link ConversionCounters} in CountersTable, every key under {@code conv#} (the functions' grants are
 * limited to it): {@code conv#prefix#+447700#<bucket>} and {@code conv#country#GB#<bucket>} hold
 * {@code sent} and {@code approved} for one 10-minute bucket ({@code <bucket>}: its start, epoch seconds);
 * {@code conv#trip#prefix#+447700} and {@code conv#trip#country#GB} hold the last throttle. Buckets
 * expire (TTL) two windows after they start, trips a day after they end.
 */
public final class DynamoConversionCounters implements ConversionCounters {
    static final Duration BUCKET = Duration.ofMinutes(10);
    static final int BUCKETS = 6;
    /** The sliding window: the current bucket and the five before it. */
    static final Duration WINDOW = BUCKET.multipliedBy(BUCKETS);
    static final String PREFIX = "conv#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoConversionCounters(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    static Instant bucketStart(Instant at) {
        long seconds = BUCKET.toSeconds();
        return Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), seconds) * seconds);
    }

    private static String scopeKey(Scope scope) {
        return scope.level().name().toLowerCase(java.util.Locale.ROOT) + "#" + scope.value();
    }

    static String bucketKey(Scope scope, Instant bucket) {
        return PREFIX + scopeKey(scope) + "#" + bucket.getEpochSecond();
    }

    static String tripKey(Scope scope) {
        return PREFIX + "trip#" + scopeKey(scope);
    }

    @Override
    public void count(Outcome outcome, List<Scope> scopes, Instant at) {
        for (Scope scope : scopes) {
            Update update = count(table, outcome, scope, at);
            dynamo.updateItem(r -> r.tableName(update.tableName()).key(update.key()).updateExpression(update.updateExpression())
                    .expressionAttributeNames(update.expressionAttributeNames())
                    .expressionAttributeValues(update.expressionAttributeValues()));
        }
    }

    @Override
    public Map<Scope, Window> windows(List<Scope> scopes, Instant now) {
        Map<String, Map<String, AttributeValue>> found = BatchReads.byKey(
                BatchReads.get(dynamo, Map.of(table, windowKeys(scopes, now))).get(table), "pk");
        return windowsFrom(scopes, now, found);
    }

    /** The keys {@link #windows} reads: each scope's trip and the buckets of its window. */
    static List<Map<String, AttributeValue>> windowKeys(List<Scope> scopes, Instant now) {
        Instant current = bucketStart(now);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (Scope scope : scopes) {
            keys.add(Map.of("pk", s(tripKey(scope))));
            for (int i = BUCKETS - 1; i >= 0; i--) {
                keys.add(Map.of("pk", s(bucketKey(scope, current.minus(BUCKET.multipliedBy(i))))));
            }
        }
        return keys;
    }

    /** The windows, from the items of {@link #windowKeys} found (by key). */
    static Map<Scope, Window> windowsFrom(List<Scope> scopes, Instant now, Map<String, Map<String, AttributeValue>> found) {
        Instant current = bucketStart(now);
        Map<Scope, Window> windows = new LinkedHashMap<>();
        for (Scope scope : scopes) {
            List<Bucket> buckets = new ArrayList<>();
            for (int i = BUCKETS - 1; i >= 0; i--) {
                Instant start = current.minus(BUCKET.multipliedBy(i));
                Map<String, AttributeValue> item = found.get(bucketKey(scope, start));
                buckets.add(new Bucket(start, number(item, "sent"), number(item, "approved")));
            }
            windows.put(scope, new Window(scope, buckets, Optional.ofNullable(found.get(tripKey(scope))).map(item -> trip(scope, item))));
        }
        return windows;
    }

    /** The count of one outcome for one scope, as an item of a transaction that also writes something else. */
    static TransactWriteItem countItem(String table, Outcome outcome, Scope scope, Instant at) {
        return TransactWriteItem.builder().update(count(table, outcome, scope, at)).build();
    }

    private static Update count(String table, Outcome outcome, Scope scope, Instant at) {
        Instant bucket = bucketStart(at);
        return Update.builder().tableName(table)
                .key(Map.of("pk", s(bucketKey(scope, bucket))))
                .updateExpression("ADD #field :one SET expiresAt = if_not_exists(expiresAt, :expires)")
                .expressionAttributeNames(Map.of("#field", outcome == Outcome.SENT ? "sent" : "approved"))
                .expressionAttributeValues(Map.of(":one", n(1), ":expires", n(bucket.plus(WINDOW.multipliedBy(2)).getEpochSecond())))
                .build();
    }

    @Override
    public boolean trip(Trip trip, Instant now) {
        try {
            dynamo.putItem(r -> r.tableName(table)
                    .item(Map.of("pk", s(tripKey(trip.scope())),
                            "trippedAt", n(trip.trippedAt().getEpochSecond()),
                            "until", n(trip.until().getEpochSecond()),
                            "sent", n(trip.sent()),
                            "approved", n(trip.approved()),
                            "expiresAt", n(trip.until().plus(Duration.ofDays(1)).getEpochSecond())))
                    .conditionExpression("attribute_not_exists(pk) OR #until <= :now")
                    .expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public boolean release(Scope scope, Instant now) {
        try {
            dynamo.updateItem(r -> r.tableName(table)
                    .key(Map.of("pk", s(tripKey(scope))))
                    .updateExpression("SET #until = :now, releasedAt = :now")
                    .conditionExpression("attribute_exists(pk) AND #until > :now")
                    .expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    /**
     * Every scope with a bucket in the window ending at {@code now} or a trip (the operator's view,
     * {@code smsgate fraud status}): one scan of the {@code conv#} keys.
     */
    public List<Window> all(Instant now) {
        Map<Scope, Map<Instant, Bucket>> buckets = new LinkedHashMap<>();
        Map<Scope, Trip> trips = new HashMap<>();
        Instant oldest = bucketStart(now).minus(BUCKET.multipliedBy(BUCKETS - 1));
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from)
                    .filterExpression("begins_with(pk, :conv)").expressionAttributeValues(Map.of(":conv", s(PREFIX))));
            for (Map<String, AttributeValue> item : page.items()) {
                String[] parts = item.get("pk").s().split("#");
                if (parts.length == 4 && parts[1].equals("trip")) {
                    Scope scope = scope(parts[2], parts[3]);
                    trips.put(scope, trip(scope, item));
                    buckets.computeIfAbsent(scope, k -> new LinkedHashMap<>());
                } else if (parts.length == 4) {
                    Scope scope = scope(parts[1], parts[2]);
                    Instant at = Instant.ofEpochSecond(Long.parseLong(parts[3]));
                    if (!at.isBefore(oldest)) {
                        buckets.computeIfAbsent(scope, k -> new LinkedHashMap<>())
                                .put(at, new Bucket(at, number(item, "sent"), number(item, "approved")));
                    }
                }
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        List<Window> out = new ArrayList<>();
        buckets.forEach((scope, byStart) -> {
            if (!byStart.isEmpty() || trips.containsKey(scope)) {
                List<Bucket> ordered = new ArrayList<>(byStart.values());
                ordered.sort(java.util.Comparator.comparing(Bucket::start));
                out.add(new Window(scope, ordered, Optional.ofNullable(trips.get(scope))));
            }
        });
        out.sort(java.util.Comparator.comparing((Window w) -> w.scope().level()).thenComparing(w -> w.scope().value()));
        return out;
    }

    private static Scope scope(String level, String value) {
        return new Scope(Scope.Level.valueOf(level.toUpperCase(java.util.Locale.ROOT)), value);
    }

    private static Trip trip(Scope scope, Map<String, AttributeValue> item) {
        return new Trip(scope, Instant.ofEpochSecond(number(item, "trippedAt")), Instant.ofEpochSecond(number(item, "until")),
                number(item, "sent"), number(item, "approved"));
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item == null ? null : item.get(name);
        return value == null || value.n() == null ? 0 : Long.parseLong(value.n());
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    private static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }
}
