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
 *   <li>Reads go out for real: a consistent GetItem (or BatchGetItem) of {@link #RESERVED_KEY}, a key no
 *       code ever writes, so the answer is always "no item".</li>
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

    /** Real, consistent reads of the reserved key (GetItem, BatchGetItem, Query on the table's key): nothing comes back. */
    public static void read(DynamoDbClient dynamo, String table, String hashKey) {
        Map<String, AttributeValue> key = Map.of(hashKey, AttributeValue.fromS(RESERVED_KEY));
        if (dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)).hasItem()) {
            throw new IllegalStateException("the reserved priming key exists in " + table);
        }
        dynamo.batchGetItem(r -> r.requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes
                .builder().keys(List.of(key)).consistentRead(true).build())));
        dynamo.query(r -> r.tableName(table).consistentRead(true).keyConditionExpression("#k = :k").limit(1)
                .expressionAttributeNames(Map.of("#k", hashKey)).expressionAttributeValues(Map.of(":k", AttributeValue.fromS(RESERVED_KEY))));
    }

    /**
     * PutItem, UpdateItem, DeleteItem and TransactWriteItems on the reserved key, each stopped before
     * transmission and each conditioned so that it could not write even if it were sent.
     */
    public static void stoppedWrites(DynamoDbClient dynamo, String table, String hashKey) {
        Map<String, AttributeValue> key = Map.of(hashKey, AttributeValue.fromS(RESERVED_KEY));
        Map<String, String> names = Map.of("#k", hashKey, "#n", "primed");
        Map<String, AttributeValue> values = Map.of(":one", AttributeValue.fromN("1"));
        stopped("PutItem", stop -> dynamo.putItem(r -> r.overrideConfiguration(stop).tableName(table)
                .item(Map.of(hashKey, AttributeValue.fromS(RESERVED_KEY), "primed", AttributeValue.fromN("1")))
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
