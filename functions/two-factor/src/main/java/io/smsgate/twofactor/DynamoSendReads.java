package io.smsgate.twofactor;

import io.smsgate.shared.aws.BatchReads;
import io.smsgate.shared.aws.DynamoOptOutStore;
import io.smsgate.shared.port.OptOutStore;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link SendReads} as one BatchGetItem over VerificationsTable ({@code V#<id>}) and OptOutsTable (the
 * number's item) for a code, over OptOutsTable and CountersTable (the loop guard's previous window) for a
 * reply, instead of a GetItem each; the items mean what {@link DynamoVerifications},
 * {@link DynamoOptOutStore} and {@link io.smsgate.shared.aws.DynamoCounters} say.
 */
final class DynamoSendReads implements SendReads {
    private final DynamoDbClient dynamo;
    private final String verificationsTable;
    private final String optOutsTable;
    private final String countersTable;

    DynamoSendReads(DynamoDbClient dynamo, String verificationsTable, String optOutsTable, String countersTable) {
        this.dynamo = dynamo;
        this.verificationsTable = verificationsTable;
        this.optOutsTable = optOutsTable;
        this.countersTable = countersTable;
    }

    @Override
    public Facts read(String verificationId, String phoneKey) {
        Map<String, List<Map<String, AttributeValue>>> found = BatchReads.get(dynamo, Map.of(
                verificationsTable, List.of(DynamoVerifications.key(verificationId)),
                optOutsTable, List.of(DynamoOptOutStore.key(phoneKey))));
        List<Map<String, AttributeValue>> verification = found.get(verificationsTable);
        List<Map<String, AttributeValue>> optOut = found.get(optOutsTable);
        return new Facts(
                verification.stream().findFirst().map(DynamoVerifications::fromItem),
                optedOut(optOut));
    }

    @Override
    public ReplyFacts reply(String phoneKey, String loopCounterKey) {
        Map<String, List<Map<String, AttributeValue>>> found = BatchReads.get(dynamo, Map.of(
                optOutsTable, List.of(DynamoOptOutStore.key(phoneKey)),
                countersTable, List.of(Map.of("pk", AttributeValue.fromS(loopCounterKey)))));
        long previous = found.get(countersTable).stream().findFirst()
                .map(item -> item.get("count")).map(count -> Long.parseLong(count.n())).orElse(0L);
        return new ReplyFacts(optedOut(found.get(optOutsTable)), previous);
    }

    private static boolean optedOut(List<Map<String, AttributeValue>> optOut) {
        return optOut.stream().findFirst().flatMap(DynamoOptOutStore::statusFrom).filter(OptOutStore.Status.OPTED_OUT::equals).isPresent();
    }
}
