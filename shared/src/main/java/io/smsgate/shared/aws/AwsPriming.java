package io.smsgate.shared.aws;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * SnapStart priming of the AWS paths, without side effects: the real clients, so marshalling, endpoint
 * resolution, signing, the HTTP client and response parsing are loaded and run before the snapshot.
 * <ul>
 *   <li>Reads go out for real: a consistent GetItem, BatchGetItem and Query of {@link #RESERVED_KEY}, a
 *       key no code ever writes, so the answer is always "no item"; so does one conditional update
 *       whose condition cannot hold ({@link #refusedWrite}), answered ConditionalCheckFailed.</li>
 *   <li>Calls that would change something are stopped after signing and before transmission by
 *       {@link #interceptor()}, which every client built by {@link AwsClients} carries and which acts only
 *       on a request marked by this class. Each stopped call is also harmless if it ever did go out:
 *       DynamoDB writes carry a condition that cannot hold, SNS publishes name a topic that does not
 *       exist; callers of {@link #stopped} for other services make theirs harmless the same way.</li>
 * </ul>
 * Nothing here creates an id, nonce or key that outlives the call.
 */
public final class AwsPriming {
    /** A partition key value no adapter ever writes (ids are UUIDs, HMACs or country codes). */
    public static final String RESERVED_KEY = "smsgate#priming#never-written";
    private static final ExecutionAttribute<Boolean> STOP = new ExecutionAttribute<>("smsgate.priming.stopBeforeTransmission");
    private static final ExecutionInterceptor INTERCEPTOR = new StopBeforeTransmission();
    /** A condition no item can meet: the key both exists and does not. */
    private static final String IMPOSSIBLE = "attribute_exists(#k) AND attribute_not_exists(#k)";

    private AwsPriming() {
    }

    /** The interceptor that stops marked requests; {@link AwsClients} installs it on every client. */
    public static ExecutionInterceptor interceptor() {
        return INTERCEPTOR;
    }

    /**
     * The reserved key under a prefix: CountersTable grants each function only its own key prefixes
     * ({@code dynamodb:LeadingKeys}), so a function primes under one of them.
     */
    public static String reservedKey(String prefix) {
        return prefix + RESERVED_KEY;
    }

    /** A real, consistent GetItem of a reserved key: nothing comes back. Needs {@code dynamodb:GetItem}. */
    public static void getItem(DynamoDbClient dynamo, String table, String hashKey, String prefix) {
        Map<String, AttributeValue> key = Map.of(hashKey, AttributeValue.fromS(reservedKey(prefix)));
        if (dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).hasItem()) {
            throw new IllegalStateException("a reserved priming key exists in " + table);
        }
    }

    /** A real BatchGetItem of a reserved key: nothing comes back. Needs {@code dynamodb:BatchGetItem}. */
    public static void batchGetItem(DynamoDbClient dynamo, String table, String hashKey, String prefix) {
        Map<String, AttributeValue> key = Map.of(hashKey, AttributeValue.fromS(reservedKey(prefix)));
        var answer = dynamo.batchGetItem(r -> r.requestItems(Map.of(table,
                software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().keys(List.of(key)).consistentRead(true).build())));
        if (!answer.responses().getOrDefault(table, List.of()).isEmpty()) {
            throw new IllegalStateException("a reserved priming key exists in " + table);
        }
    }

    /** A real Query of an index for a reserved key value: nothing comes back. Needs {@code dynamodb:Query} on the index. */
    public static void query(DynamoDbClient dynamo, String table, String index, String hashKey, String prefix) {
        var answer = dynamo.query(r -> r.tableName(table).indexName(index).keyConditionExpression("#k = :k").limit(1)
                .expressionAttributeNames(Map.of("#k", hashKey))
                .expressionAttributeValues(Map.of(":k", AttributeValue.fromS(reservedKey(prefix)))));
        if (answer.hasItems() && !answer.items().isEmpty()) {
            throw new IllegalStateException("a reserved priming key exists in " + table + "/" + index);
        }
    }

    /**
     * The one kind of write that goes out: an UpdateItem of a reserved key whose condition cannot hold,
     * so DynamoDB answers ConditionalCheckFailed and writes nothing. It runs the HTTP round trip and the
     * error path (error parsing, the retry decision) that idempotency claims, limits and once-a-day
     * replies take on a first message, in functions whose role has no read. Needs {@code dynamodb:UpdateItem}.
     */
    public static void refusedUpdate(DynamoDbClient dynamo, String table, String hashKey, String prefix) {
        try {
            dynamo.updateItem(r -> r.tableName(table).key(Map.of(hashKey, AttributeValue.fromS(reservedKey(prefix))))
                    .updateExpression("ADD #n :one").conditionExpression(IMPOSSIBLE)
                    .expressionAttributeNames(Map.of("#k", hashKey, "#n", "primed"))
                    .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException expected) {
            return;
        }
        throw new IllegalStateException("a write with an impossible condition succeeded on " + table);
    }

    /**
     * PutItem, UpdateItem, DeleteItem and TransactWriteItems on a reserved key, each stopped before
     * transmission (so no permission is used) and each conditioned so that it could not write even if it
     * were sent.
     */
    public static void stoppedWrites(DynamoDbClient dynamo, String table, String hashKey, String prefix) {
        writeResponses();
        Map<String, AttributeValue> key = Map.of(hashKey, AttributeValue.fromS(reservedKey(prefix)));
        Map<String, String> names = Map.of("#k", hashKey, "#n", "primed");
        Map<String, AttributeValue> values = Map.of(":one", AttributeValue.fromN("1"));
        stopped("PutItem", stop -> dynamo.putItem(r -> r.overrideConfiguration(stop).tableName(table)
                .item(Map.of(hashKey, key.get(hashKey), "primed", AttributeValue.fromN("1")))
                .conditionExpression(IMPOSSIBLE).expressionAttributeNames(Map.of("#k", hashKey))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        stopped("UpdateItem", stop -> dynamo.updateItem(r -> r.overrideConfiguration(stop).tableName(table).key(key)
                .updateExpression("ADD #n :one").conditionExpression(IMPOSSIBLE)
                .expressionAttributeNames(names).expressionAttributeValues(values).returnValues(ReturnValue.ALL_NEW)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        stopped("DeleteItem", stop -> dynamo.deleteItem(r -> r.overrideConfiguration(stop).tableName(table).key(key)
                .conditionExpression(IMPOSSIBLE).expressionAttributeNames(Map.of("#k", hashKey))));
        stopped("TransactWriteItems", stop -> dynamo.transactWriteItems(r -> r.overrideConfiguration(stop).transactItems(
                item -> item.update(u -> u.tableName(table).key(key).updateExpression("ADD #n :one")
                        .conditionExpression(IMPOSSIBLE).expressionAttributeNames(names).expressionAttributeValues(values)),
                item -> item.conditionCheck(c -> c.tableName(table).key(key).conditionExpression(IMPOSSIBLE)
                        .expressionAttributeNames(Map.of("#k", hashKey))))));
    }

    /** A Publish with a routing attribute, stopped before transmission, to a topic that does not exist. */
    public static void stoppedPublish(SnsClient sns, String topicArn) {
        publishResponse();
        stopped("Publish", stop -> sns.publish(r -> r.overrideConfiguration(stop).topicArn(topicArn + "-priming-does-not-exist")
                .message("{\"type\":\"Priming\",\"version\":1}")
                .messageAttributes(Map.of("kind", software.amazon.awssdk.services.sns.model.MessageAttributeValue.builder()
                        .dataType("String").stringValue("PRIMING").build()))));
    }

    /**
     * Runs {@code call} with a request override that stops it after signing, before it leaves the process.
     * Returns when the stop fired; fails if the call came back with an answer (it was sent) or failed for
     * any other reason.
     */
    public static void stopped(String what, Consumer<AwsRequestOverrideConfiguration> call) {
        AwsRequestOverrideConfiguration stop = AwsRequestOverrideConfiguration.builder().putExecutionAttribute(STOP, true).build();
        try {
            call.accept(stop);
        } catch (RuntimeException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof Stopped) {
                    return;
                }
            }
            throw e;
        }
        throw new IllegalStateException("priming call " + what + " was not stopped before transmission");
    }

    /**
     * What the stopped writes never get to parse: the answers' classes (their field tables are built
     * when first used), from the shapes alone; no HTTP involved.
     */
    private static void writeResponses() {
        software.amazon.awssdk.services.dynamodb.model.PutItemResponse.builder().attributes(Map.of()).build().sdkFields();
        software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse.builder().attributes(Map.of()).build().sdkFields();
        software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse.builder().attributes(Map.of()).build().sdkFields();
        software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse.builder().build().sdkFields();
        software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.builder().item(Map.of()).build();
        software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.builder().build();
    }

    /**
     * SNS answers in XML (the query protocol): its parser, on a canned Publish answer, so the first real
     * publish does not look up and load the JDK's StAX implementation.
     */
    private static void publishResponse() {
        String answer = "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                + "<MessageId>priming</MessageId></PublishResult><ResponseMetadata><RequestId>priming</RequestId>"
                + "</ResponseMetadata></PublishResponse>";
        software.amazon.awssdk.protocols.query.unmarshall.XmlDomParser.parse(
                new java.io.ByteArrayInputStream(answer.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        software.amazon.awssdk.services.sns.model.PublishResponse.builder().messageId("priming").build().sdkFields();
    }

    /** Thrown by the interceptor: no stack trace, it is expected. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("priming request stopped before transmission", null, false, false);
        }
    }

    private static final class StopBeforeTransmission implements ExecutionInterceptor {
        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (Boolean.TRUE.equals(attributes.getAttribute(STOP))) {
                throw new Stopped();
            }
        }
    }
}
