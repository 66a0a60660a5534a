package io.smsgate.posting;

import io.smsgate.shared.aws.BatchReads;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link PostingReads} as one strongly consistent BatchGetItem over PostsTable and PhoneLinksTable,
 * instead of a GetItem each; the items mean what {@link DynamoPostStore} and {@link DynamoPhoneLinks} say.
 */
final class DynamoPostingReads implements PostingReads {
    private final DynamoDbClient dynamo;
    private final String postsTable;
    private final String phoneLinksTable;

    DynamoPostingReads(DynamoDbClient dynamo, String postsTable, String phoneLinksTable) {
        this.dynamo = dynamo;
        this.postsTable = postsTable;
        this.phoneLinksTable = phoneLinksTable;
    }

    @Override
    public Facts read(String postId, String phoneKey) {
        Map<String, List<Map<String, AttributeValue>>> found = BatchReads.get(dynamo, Map.of(
                postsTable, List.of(Map.of("postId", AttributeValue.fromS(postId))),
                phoneLinksTable, List.of(DynamoPhoneLinks.itemKey(phoneKey))));
        return new Facts(
                found.get(postsTable).stream().findFirst().map(DynamoPostStore::fromItem),
                found.get(phoneLinksTable).stream().findFirst().map(DynamoPhoneLinks::fromItem));
    }
}
