package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class DynamoCountersIT {
    private static final Instant EXPIRES = Instant.parse("2026-11-25T11:00:00Z");

    /**
     * Several counters in one transaction leave exactly what the same increments one after the other
     * would: the ones before the first at its limit counted, that one and the ones after it not.
     */
    @Test
    void countingEachLimitInOneRequestLeavesWhatOneAfterTheOtherWould(Stack stack) {
        DynamoCounters counters = new DynamoCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        java.util.List<io.smsgate.shared.port.Counters.Limit> three = java.util.List.of(
                new io.smsgate.shared.port.Counters.Limit("number", 5, EXPIRES),
                new io.smsgate.shared.port.Counters.Limit("country", 2, EXPIRES),
                new io.smsgate.shared.port.Counters.Limit("global", 10, EXPIRES));
        assertThat(counters.incrementEachIfBelow(three)).isEqualTo(-1);
        assertThat(counters.incrementEachIfBelow(three)).isEqualTo(-1);
        assertThat(counters.incrementEachIfBelow(three)).as("the country is spent").isEqualTo(1);
        assertThat(counters.current("number")).as("counted before the refusal, as in sequence").isEqualTo(3);
        assertThat(counters.current("country")).isEqualTo(2);
        assertThat(counters.current("global")).as("not counted after the refusal").isEqualTo(2);

        java.util.List<io.smsgate.shared.port.Counters.Limit> spentFirst = java.util.List.of(
                new io.smsgate.shared.port.Counters.Limit("country", 2, EXPIRES),
                new io.smsgate.shared.port.Counters.Limit("global", 10, EXPIRES));
        assertThat(counters.incrementEachIfBelow(spentFirst)).isZero();
        assertThat(counters.current("global")).isEqualTo(2);

        java.util.List<io.smsgate.shared.port.Counters.Limit> zeroLast = java.util.List.of(
                new io.smsgate.shared.port.Counters.Limit("number", 5, EXPIRES),
                new io.smsgate.shared.port.Counters.Limit("global", 10, EXPIRES),
                new io.smsgate.shared.port.Counters.Limit("closed", 0, EXPIRES));
        assertThat(counters.incrementEachIfBelow(zeroLast)).as("a zero limit allows nothing").isEqualTo(2);
        assertThat(counters.current("number")).isEqualTo(4);
        assertThat(counters.current("global")).isEqualTo(3);
        assertThat(counters.current("closed")).isZero();
    }

    @Test
    void countsUpToTheLimitAndNoFurther(Stack stack) {
        DynamoCounters counters = new DynamoCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        assertThat(counters.current("c")).isZero();
        assertThat(counters.incrementIfBelow("c", 3, EXPIRES)).isTrue();
        assertThat(counters.incrementIfBelow("c", 3, EXPIRES)).isTrue();
        assertThat(counters.incrementIfBelow("c", 3, EXPIRES)).isTrue();
        assertThat(counters.incrementIfBelow("c", 3, EXPIRES)).isFalse();
        assertThat(counters.current("c")).isEqualTo(3);
        assertThat(stack.scan("CountersTable").getFirst().get("expiresAt").n()).isEqualTo(Long.toString(EXPIRES.getEpochSecond()));
    }

    /**
     * Found by smsgate soak: a retried POST counted its hour twice (the limit bit early). Counted per
     * member, a member counted already answers true and adds nothing, even at the limit.
     */
    @Test
    void aMemberIsCountedOnceAndStillAnswersTrueAtTheLimit(Stack stack) {
        DynamoCounters counters = new DynamoCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        assertThat(counters.incrementOnceIfBelow("h", "m-1", 2, EXPIRES)).isTrue();
        assertThat(counters.incrementOnceIfBelow("h", "m-1", 2, EXPIRES)).as("the same text again").isTrue();
        assertThat(counters.current("h")).isEqualTo(1);
        assertThat(counters.incrementOnceIfBelow("h", "m-2", 2, EXPIRES)).isTrue();
        assertThat(counters.incrementOnceIfBelow("h", "m-3", 2, EXPIRES)).as("a third text over the limit").isFalse();
        assertThat(counters.incrementOnceIfBelow("h", "m-2", 2, EXPIRES)).as("a counted text at the limit").isTrue();
        assertThat(counters.current("h")).isEqualTo(2);
    }

    @Test
    void aZeroLimitAllowsNothing(Stack stack) {
        DynamoCounters counters = new DynamoCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        assertThat(counters.incrementIfBelow("c", 0, EXPIRES)).isFalse();
        assertThat(stack.scan("CountersTable")).isEmpty();
    }

    @Test
    void oncePerPeriodIsTrueOnceUntilThePeriodHasPassed(Stack stack) {
        DynamoCounters counters = new DynamoCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        java.time.Duration day = java.time.Duration.ofHours(24);
        assertThat(counters.oncePer("denial#k", day, t0)).isTrue();
        assertThat(counters.oncePer("denial#k", day, t0.plusSeconds(60))).isFalse();
        assertThat(counters.oncePer("denial#k", day, t0.plus(day).minusSeconds(1))).isFalse();
        assertThat(counters.oncePer("denial#other", day, t0.plusSeconds(60))).as("per key").isTrue();
        assertThat(counters.oncePer("denial#k", day, t0.plus(day))).isTrue();
        assertThat(counters.oncePer("denial#k", day, t0.plus(day).plusSeconds(1))).as("a new period from there").isFalse();
    }

    // Concurrent callers cannot count past a limit because the increment and its condition are one
    // UpdateItem, which DynamoDB applies atomically. moto's threaded server does not (40 concurrent
    // increments against a limit of 10 counted 11 there), so that guarantee is not tested here.
}
