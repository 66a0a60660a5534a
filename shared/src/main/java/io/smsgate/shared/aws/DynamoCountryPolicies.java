package io.smsgate.shared.aws;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.PumpingGuardPolicy;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.CountryPolicyCatalog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * CountryPoliciesTable: one item per {@code scope} (a country, DEFAULT, GLOBAL). A function's read is
 * one strongly consistent BatchGetItem of the three items that decide for a country.
 */
public final class DynamoCountryPolicies implements CountryPolicyCatalog {
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCountryPolicies(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public PolicySet forCountry(CountryCode country) {
        List<Map<String, AttributeValue>> keys = List.of(key(country.value()), key(CountryPolicy.DEFAULT), key(CountryPolicy.GLOBAL));
        Map<String, CountryPolicy> found = new HashMap<>();
        Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
        for (int attempt = 0; !request.isEmpty(); attempt++) {
            if (attempt == 5) {
                throw new IllegalStateException("policy read left unprocessed keys after 5 attempts");
            }
            Map<String, KeysAndAttributes> pending = request;
            BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
            response.responses().getOrDefault(table, List.of()).forEach(item -> {
                CountryPolicy policy = fromItem(item);
                found.put(policy.scope(), policy);
            });
            request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
        }
        return new PolicySet(country, Optional.ofNullable(found.get(country.value())),
                Optional.ofNullable(found.get(CountryPolicy.DEFAULT)), Optional.ofNullable(found.get(CountryPolicy.GLOBAL)));
    }

    @Override
    public List<CountryPolicy> all() {
        List<CountryPolicy> policies = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(r -> r.tableName(table).consistentRead(true).exclusiveStartKey(from));
            page.items().forEach(item -> policies.add(fromItem(item)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        policies.sort(Comparator.comparing((CountryPolicy p) -> p.isCountry()).thenComparing(CountryPolicy::scope));
        return policies;
    }

    @Override
    public Optional<CountryPolicy> get(String scope) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(scope)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public void save(CountryPolicy policy) {
        long expected = policy.version() - 1;
        try {
            dynamo.putItem(r -> {
                r.tableName(table).item(toItem(policy));
                if (expected == 0) {
                    r.conditionExpression("attribute_not_exists(#scope)").expressionAttributeNames(Map.of("#scope", "scope"));
                } else {
                    r.conditionExpression("#version = :expected")
                            .expressionAttributeNames(Map.of("#version", "version"))
                            .expressionAttributeValues(Map.of(":expected", AttributeValue.fromN(Long.toString(expected))));
                }
            });
        } catch (ConditionalCheckFailedException e) {
            throw new ConcurrentChangeException(policy.scope(), expected);
        }
    }

    private static Map<String, AttributeValue> key(String scope) {
        return Map.of("scope", AttributeValue.fromS(scope));
    }

    static Map<String, AttributeValue> toItem(CountryPolicy policy) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("scope", AttributeValue.fromS(policy.scope()));
        item.put("smsPosting", AttributeValue.fromS(policy.smsPosting().name()));
        item.put("twoFactorSms", AttributeValue.fromS(policy.twoFactorSms().name()));
        item.put("postingAuth", AttributeValue.fromS(policy.postingAuth().name()));
        item.put("simSwapCheck", AttributeValue.fromS(policy.simSwapCheck().name()));
        item.put("simSwapMaxAgeHours", number(policy.simSwapMaxAgeHours()));
        item.put("maxPostsPerHourPerAccount", number(policy.maxPostsPerHourPerAccount()));
        item.put("maxCodesPerHourPerNumber", number(policy.maxCodesPerHourPerNumber()));
        item.put("maxCodesPerHourPerCountry", number(policy.maxCodesPerHourPerCountry()));
        item.put("maxRepliesPerHourPerCountry", number(policy.maxRepliesPerHourPerCountry()));
        item.put("note", AttributeValue.fromS(policy.note()));
        if (policy.updatedAt() != null) {
            item.put("updatedAt", AttributeValue.fromS(policy.updatedAt().toString()));
        }
        if (policy.updatedBy() != null) {
            item.put("updatedBy", AttributeValue.fromS(policy.updatedBy()));
        }
        item.put("version", number(policy.version()));
        PumpingGuardPolicy guard = policy.pumpingGuard();
        item.put("pumpingPrefixDigits", number(guard.prefixDigits()));
        item.put("pumpingMinCodesPerPrefix", number(guard.minCodesPerPrefix()));
        item.put("pumpingMinCodesPerCountry", number(guard.minCodesPerCountry()));
        item.put("pumpingConversionFloorPercent", number(guard.conversionFloorPercent()));
        item.put("pumpingThrottleMinutes", number(guard.throttleMinutes()));
        return item;
    }

    static CountryPolicy fromItem(Map<String, AttributeValue> item) {
        return new CountryPolicy(
                item.get("scope").s(),
                Feature.valueOf(string(item, "smsPosting", Feature.DISABLED.name())),
                Feature.valueOf(string(item, "twoFactorSms", Feature.DISABLED.name())),
                PostingAuth.valueOf(string(item, "postingAuth", PostingAuth.PIN.name())),
                // Items written before the SIM-swap fields existed read as OFF with CAMARA's default age.
                SimSwapCheck.valueOf(string(item, "simSwapCheck", SimSwapCheck.OFF.name())),
                item.containsKey("simSwapMaxAgeHours") ? integer(item, "simSwapMaxAgeHours") : SimSwapCheck.DEFAULT_MAX_AGE_HOURS,
                integer(item, "maxPostsPerHourPerAccount"),
                integer(item, "maxCodesPerHourPerNumber"),
                integer(item, "maxCodesPerHourPerCountry"),
                // Items written before the reply budget existed read as its default.
                item.containsKey("maxRepliesPerHourPerCountry") ? integer(item, "maxRepliesPerHourPerCountry")
                        : CountryPolicy.DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY,
                string(item, "note", ""),
                item.containsKey("updatedAt") ? Instant.parse(item.get("updatedAt").s()) : null,
                string(item, "updatedBy", null),
                item.containsKey("version") ? Long.parseLong(item.get("version").n()) : 0,
                pumpingGuard(item));
    }

    /** Items written before the guard existed, or without some of its fields, read as its defaults for those. */
    private static PumpingGuardPolicy pumpingGuard(Map<String, AttributeValue> item) {
        PumpingGuardPolicy d = PumpingGuardPolicy.DEFAULTS;
        return new PumpingGuardPolicy(
                integer(item, "pumpingPrefixDigits", d.prefixDigits()),
                integer(item, "pumpingMinCodesPerPrefix", d.minCodesPerPrefix()),
                integer(item, "pumpingMinCodesPerCountry", d.minCodesPerCountry()),
                integer(item, "pumpingConversionFloorPercent", d.conversionFloorPercent()),
                integer(item, "pumpingThrottleMinutes", d.throttleMinutes()));
    }

    private static int integer(Map<String, AttributeValue> item, String name, int fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Integer.parseInt(value.n());
    }

    private static AttributeValue number(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static String string(Map<String, AttributeValue> item, String name, String fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.s() == null ? fallback : value.s();
    }

    /** A missing limit reads as 0: nothing allowed, never unlimited. */
    private static int integer(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? 0 : Integer.parseInt(value.n());
    }
}
