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
 * number's item), instead of a GetItem each; the items mean what {@link DynamoVerifications} and
 * {@link DynamoOptOutStore} say.
 */
final class DynamoSendReads implements SendReads {
    private final DynamoDbClient dynamo;
    private final String verificationsTable;
    private final String optOutsTable;

    DynamoSendReads(DynamoDbClient dynamo, String verificationsTable, String optOutsTable) {
        this.dynamo = dynamo;
        this.verificationsTable = verificationsTable;
        this.optOutsTable = optOutsTable;
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
                optOut.stream().findFirst().flatMap(DynamoOptOutStore::statusFrom).filter(OptOutStore.Status.OPTED_OUT::equals).isPresent());
    }
}
