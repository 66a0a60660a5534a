package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.port.OptOutStore.Change;
import io.smsgate.shared.port.OptOutStore.Status;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class DynamoOptOutStoreIT {
    private static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    private Stack stack;
    private DynamoOptOutStore store;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        store = new DynamoOptOutStore(stack.dynamoDb(), stack.physicalId("OptOutsTable"));
    }

    @Test
    void recordsTheLatestChangePerNumber() {
        assertThat(store.statusOf("key")).isEmpty();
        assertThat(store.record(new Change("key", Status.OPTED_OUT, "STOP", T0, "m1"))).isTrue();
        assertThat(store.isOptedOut("key")).isTrue();
        assertThat(store.record(new Change("key", Status.OPTED_IN, "START", T0.plusSeconds(60), "m2"))).isTrue();
        assertThat(store.statusOf("key")).contains(Status.OPTED_IN);
    }

    @Test
    void aLateDeliveredOlderChangeDoesNotWin() {
        store.record(new Change("key", Status.OPTED_OUT, "STOP", T0.plusSeconds(60), "m2"));
        assertThat(store.record(new Change("key", Status.OPTED_IN, "START", T0, "m1"))).isFalse();
        assertThat(store.isOptedOut("key")).isTrue();
    }

    @Test
    void aRedeliveredChangeIsAcceptedAgainWithoutEffect() {
        Change stop = new Change("key", Status.OPTED_OUT, "STOP", T0, "m1");
        assertThat(store.record(stop)).isTrue();
        assertThat(store.record(stop)).isTrue();
        assertThat(stack.scan("OptOutsTable")).hasSize(1);
    }

    @Test
    void onlyTheOptInRecordExpires() {
        store.record(new Change("out", Status.OPTED_OUT, "STOP", T0, "m1"));
        store.record(new Change("in", Status.OPTED_IN, "START", T0, "m2"));
        var items = stack.scan("OptOutsTable");
        assertThat(items).filteredOn(item -> item.get("phoneKey").s().equals("out")).allMatch(item -> !item.containsKey("expiresAt"));
        assertThat(items).filteredOn(item -> item.get("phoneKey").s().equals("in")).allMatch(item -> item.containsKey("expiresAt"));
    }
}
