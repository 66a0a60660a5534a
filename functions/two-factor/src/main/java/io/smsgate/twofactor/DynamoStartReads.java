package io.smsgate.twofactor;

import io.smsgate.shared.aws.BatchReads;
import io.smsgate.twofactor.ConversionCounters.Scope;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link StartReads} as one BatchGetItem over two tables: VerificationsTable ({@code S#…}, the latest
 * verification's pointer, and {@code N#…}, the number's failed checks) and CountersTable (the three
 * {@code codes#…} budgets, the {@code conv#…} trips and buckets). It replaces a GetItem per item; the
 * keys and their meaning stay {@link DynamoVerifications}', {@link DynamoCheckFailures}', {@link Budgets}'
 * and {@link DynamoConversionCounters}'.
 */
final class DynamoStartReads implements StartReads {
    private final DynamoDbClient dynamo;
    private final String verificationsTable;
    private final String countersTable;

    DynamoStartReads(DynamoDbClient dynamo, String verificationsTable, String countersTable) {
        this.dynamo = dynamo;
        this.verificationsTable = verificationsTable;
        this.countersTable = countersTable;
    }

    @Override
    public Facts read(String startKey, String phoneKey, List<String> counterKeys, List<Scope> scopes, Instant now) {
        Map<String, AttributeValue> pointer = DynamoVerifications.pointerKey(startKey);
        Map<String, AttributeValue> failures = DynamoCheckFailures.key(phoneKey);
        List<Map<String, AttributeValue>> counters = new java.util.ArrayList<>();
        counterKeys.forEach(key -> counters.add(Map.of("pk", AttributeValue.fromS(key))));
        counters.addAll(DynamoConversionCounters.windowKeys(scopes, now));
        Map<String, List<Map<String, AttributeValue>>> found = BatchReads.get(dynamo, Map.of(
                verificationsTable, List.of(pointer, failures),
                countersTable, counters));
        Map<String, Map<String, AttributeValue>> verificationItems = BatchReads.byKey(found.get(verificationsTable), "pk");
        Map<String, Map<String, AttributeValue>> counterItems = BatchReads.byKey(found.get(countersTable), "pk");

        Optional<String> latest = Optional.ofNullable(verificationItems.get(pointer.get("pk").s()))
                .map(item -> item.get("verificationId").s());
        Map<String, AttributeValue> failureItem = verificationItems.get(failures.get("pk").s());
        CheckFailures.Run run = failureItem == null ? CheckFailures.Run.NONE : DynamoCheckFailures.run(failureItem);
        Map<String, Long> counts = new HashMap<>();
        for (String key : counterKeys) {
            Map<String, AttributeValue> item = counterItems.get(key);
            if (item != null && item.containsKey("count")) {
                counts.put(key, Long.parseLong(item.get("count").n()));
            }
        }
        return new Facts(latest, run, counts, DynamoConversionCounters.windowsFrom(scopes, now, counterItems));
    }
}
