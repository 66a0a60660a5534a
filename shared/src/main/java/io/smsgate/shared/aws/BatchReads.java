package io.smsgate.shared.aws;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * Strongly consistent reads of items from one or more tables in as few BatchGetItem requests as the
 * API allows (100 keys a request; one request for every read path here). Keys DynamoDB leaves
 * unprocessed (throttling, the 16 MB answer limit) are asked for again, with a short back-off, until
 * none is left; after {@link #ATTEMPTS} requests the read fails as a transient fault.
 */
public final class BatchReads {
    static final int ATTEMPTS = 6;
    private static final int MAX_KEYS = 100;

    private BatchReads() {
    }

    /** The items found, per table (absent keys simply have no item). */
    public static Map<String, List<Map<String, AttributeValue>>> get(DynamoDbClient dynamo,
                                                                    Map<String, List<Map<String, AttributeValue>>> keys) {
        Map<String, List<Map<String, AttributeValue>>> found = new HashMap<>();
        keys.keySet().forEach(table -> found.put(table, new ArrayList<>()));
        List<Map<String, KeysAndAttributes>> requests = chunks(keys);
        for (Map<String, KeysAndAttributes> chunk : requests) {
            Map<String, KeysAndAttributes> request = chunk;
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                if (attempt == ATTEMPTS) {
                    throw new io.smsgate.shared.port.TransientFaultException(
                            "BatchGetItem left unprocessed keys after " + ATTEMPTS + " attempts");
                }
                if (attempt > 0) {
                    pause(attempt);
                }
                Map<String, KeysAndAttributes> pending = request;
                BatchGetItemResponse response = dynamo.batchGetItem(r -> r.requestItems(pending));
                response.responses().forEach((table, items) -> found.get(table).addAll(items));
                request = response.hasUnprocessedKeys() ? response.unprocessedKeys() : Map.of();
            }
        }
        return found;
    }

    /** The items of one table found by {@link #get}, by the value of their string key attribute {@code keyName}. */
    public static Map<String, Map<String, AttributeValue>> byKey(List<Map<String, AttributeValue>> items, String keyName) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            out.put(item.get(keyName).s(), item);
        }
        return out;
    }

    private static List<Map<String, KeysAndAttributes>> chunks(Map<String, List<Map<String, AttributeValue>>> keys) {
        List<Map<String, KeysAndAttributes>> out = new ArrayList<>();
        Map<String, List<Map<String, AttributeValue>>> current = new LinkedHashMap<>();
        int size = 0;
        for (Map.Entry<String, List<Map<String, AttributeValue>>> table : keys.entrySet()) {
            // DynamoDB refuses a request that names a key twice.
            for (Map<String, AttributeValue> key : new java.util.LinkedHashSet<>(table.getValue())) {
                if (size == MAX_KEYS) {
                    out.add(request(current));
                    current = new LinkedHashMap<>();
                    size = 0;
                }
                current.computeIfAbsent(table.getKey(), t -> new ArrayList<>()).add(key);
                size++;
            }
        }
        if (size > 0) {
            out.add(request(current));
        }
        return out;
    }

    private static Map<String, KeysAndAttributes> request(Map<String, List<Map<String, AttributeValue>>> keys) {
        Map<String, KeysAndAttributes> request = new LinkedHashMap<>();
        keys.forEach((table, list) -> request.put(table, KeysAndAttributes.builder().keys(list).consistentRead(true).build()));
        return request;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(200, 10L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.smsgate.shared.port.TransientFaultException("interrupted while reading", e);
        }
    }
}
