package io.smsgate.shared.lambda;

import java.util.List;

/**
 * A queue-fed function's answer with {@code ReportBatchItemFailures}: the messages to hand out again,
 * each named by its {@code messageId} ({@code batchItemFailures[].itemIdentifier}); every other
 * message of the batch is deleted.
 */
public record SqsBatchResponse(List<ItemFailure> batchItemFailures) {
    public SqsBatchResponse {
        batchItemFailures = batchItemFailures == null ? List.of() : List.copyOf(batchItemFailures);
    }

    public record ItemFailure(String itemIdentifier) {
    }

    /** The ids to hand out again. */
    public List<String> failedIds() {
        return batchItemFailures.stream().map(ItemFailure::itemIdentifier).toList();
    }
}
