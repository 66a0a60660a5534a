package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulatorExtension.class)
class BatchReadsIT {
    @Test
    void itemsOfTwoTablesComeBackPerTableAndAbsentKeysHaveNoItem(Stack stack) {
        String counters = stack.physicalId("CountersTable");
        String optOuts = stack.physicalId("OptOutsTable");
        stack.dynamoDb().putItem(r -> r.tableName(counters).item(Map.of("pk", s("a"), "count", AttributeValue.fromN("1"))));
        stack.dynamoDb().putItem(r -> r.tableName(optOuts).item(Map.of("phoneKey", s("k"), "status", s("OPTED_OUT"))));

        Map<String, List<Map<String, AttributeValue>>> found = BatchReads.get(stack.dynamoDb(), Map.of(
                counters, List.of(Map.of("pk", s("a")), Map.of("pk", s("absent")), Map.of("pk", s("a"))),
                optOuts, List.of(DynamoOptOutStore.key("k"))));

        assertThat(BatchReads.byKey(found.get(counters), "pk")).containsOnlyKeys("a");
        assertThat(found.get(optOuts)).singleElement().satisfies(item -> assertThat(DynamoOptOutStore.statusFrom(item)).isPresent());
    }

    @Test
    void moreKeysThanOneRequestTakesAreReadInSeveral(Stack stack) {
        String counters = stack.physicalId("CountersTable");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            String key = "k" + i;
            if (i % 2 == 0) {
                stack.dynamoDb().putItem(r -> r.tableName(counters).item(Map.of("pk", s(key))));
            }
            keys.add(Map.of("pk", s(key)));
        }
        assertThat(BatchReads.get(stack.dynamoDb(), Map.of(counters, keys)).get(counters)).hasSize(65);
    }

    private static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }
}
