package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.domain.SealedNumber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * How an approval's one transaction fails: the emulator cannot produce a transaction conflict, so a
 * client that answers as DynamoDB does when another write holds an item stands in for it.
 */
class DynamoVerificationsApproveTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final List<ConversionCounters.Scope> SCOPES = List.of(
            new ConversionCounters.Scope(ConversionCounters.Scope.Level.PREFIX, "+447700"),
            new ConversionCounters.Scope(ConversionCounters.Scope.Level.COUNTRY, "GB"));

    private final List<UpdateItemRequest> updates = new ArrayList<>();
    private final List<TransactWriteItemsRequest> transactions = new ArrayList<>();

    private DynamoDbClient answering(String... reasons) {
        return new DynamoDbClient() {
            @Override
            public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
                transactions.add(request);
                if (reasons.length == 0) {
                    return TransactWriteItemsResponse.builder().build();
                }
                throw TransactionCanceledException.builder().message("cancelled")
                        .cancellationReasons(java.util.Arrays.stream(reasons).map(code -> CancellationReason.builder().code(code).build()).toList())
                        .build();
            }

            @Override
            public UpdateItemResponse updateItem(UpdateItemRequest request) {
                updates.add(request);
                if (reasons.length > 0 && reasons[0].equals("ConditionalCheckFailed")) {
                    throw ConditionalCheckFailedException.builder().message("no").build();
                }
                return UpdateItemResponse.builder().build();
            }

            @Override
            public String serviceName() {
                return "dynamodb";
            }

            @Override
            public void close() {
            }
        };
    }

    private static Verification pending() {
        Verification v = Verification.start("v1", new SealedNumber("key", "sealed"), "GB", VerificationPurpose.LOGIN, null, null,
                NOW.minusSeconds(60), TwoFactorLimits.DEFAULTS);
        Map<String, AttributeValue> item = new HashMap<>(DynamoVerifications.toItem(v));
        item.put("codeDigest", AttributeValue.fromS("digest"));
        return DynamoVerifications.fromItem(item);
    }

    @Test
    void approvalRunEndAndConversionsAreOneTransaction() {
        DynamoVerifications store = new DynamoVerifications(answering(), "Verifications", "Counters");
        assertThat(store.approve(pending(), NOW, false, SCOPES)).isEqualTo(Verifications.Approval.APPROVED);
        assertThat(transactions).singleElement().satisfies(t -> {
            assertThat(t.transactItems()).hasSize(4);
            assertThat(t.transactItems().get(0).update().key().get("pk").s()).isEqualTo("V#v1");
            assertThat(t.transactItems().get(1).update().key().get("pk").s()).isEqualTo("N#key");
            assertThat(t.transactItems().get(2).update().tableName()).isEqualTo("Counters");
        });
        assertThat(updates).isEmpty();
    }

    @Test
    void refusedByTheApprovalsOwnConditionIsRefused() {
        DynamoVerifications store = new DynamoVerifications(answering("ConditionalCheckFailed", "None", "None", "None"),
                "Verifications", "Counters");
        assertThat(store.approve(pending(), NOW, false, SCOPES)).isEqualTo(Verifications.Approval.REFUSED);
        assertThat(updates).as("nothing written on its own").isEmpty();
    }

    @Test
    void cancelledForAnotherCauseTheApprovalIsMadeAloneAndTheCallerDoesTheRest() {
        DynamoVerifications store = new DynamoVerifications(answering("None", "None", "TransactionConflict", "None"),
                "Verifications", "Counters");
        assertThat(store.approve(pending(), NOW, false, SCOPES)).isEqualTo(Verifications.Approval.APPROVED_ALONE);
        assertThat(updates).singleElement().satisfies(u -> {
            assertThat(u.key().get("pk").s()).isEqualTo("V#v1");
            assertThat(u.conditionExpression()).contains("codeDigest = :digest").contains("#state = :pending");
        });
    }
}
