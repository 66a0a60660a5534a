package io.smsgate.twofactor;

import io.smsgate.shared.aws.DynamoIdempotencyGuard;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * {@link SentCodes} as one TransactWriteItems (two write units per item): the verification's
 * {@code delivery = SENT} and {@code messageId} (on condition that this request is still the one it
 * handles, as {@link DynamoVerifications#recordSent}), the claim's completion in CountersTable
 * ({@link DynamoIdempotencyGuard#completion}), and the {@code conv#…} bucket of each scope
 * ({@link DynamoConversionCounters#countItem}). A cancelled transaction wrote nothing: false.
 */
final class DynamoSentCodes implements SentCodes {
    private final DynamoDbClient dynamo;
    private final String verificationsTable;
    private final String countersTable;
    private final DynamoIdempotencyGuard claims;

    DynamoSentCodes(DynamoDbClient dynamo, String verificationsTable, String countersTable, DynamoIdempotencyGuard claims) {
        this.dynamo = dynamo;
        this.verificationsTable = verificationsTable;
        this.countersTable = countersTable;
        this.claims = claims;
    }

    @Override
    public boolean record(String claim, String verificationId, int number, String messageId, List<ConversionCounters.Scope> scopes,
                          Instant at) {
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(u -> u.tableName(verificationsTable).key(DynamoVerifications.key(verificationId))
                .updateExpression("SET delivery = :sent, messageId = :message")
                .conditionExpression("attribute_exists(pk) AND (handled = :number)")
                .expressionAttributeValues(Map.of(":sent", AttributeValue.fromS("SENT"), ":message", AttributeValue.fromS(messageId),
                        ":number", AttributeValue.fromN(Integer.toString(number))))).build());
        items.add(claims.completion(claim, at));
        for (ConversionCounters.Scope scope : scopes) {
            items.add(DynamoConversionCounters.countItem(countersTable, ConversionCounters.Outcome.SENT, scope, at));
        }
        try {
            dynamo.transactWriteItems(r -> r.transactItems(items));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }
}
