package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.port.IdempotencyGuard.Claim;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@ExtendWith(AwsEmulatorExtension.class)
class DynamoIdempotencyGuardIT {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private Stack stack;
    private DynamoIdempotencyGuard guard;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        guard = new DynamoIdempotencyGuard(stack.dynamoDb(), stack.physicalId("IdempotencyTable"),
                Duration.ofSeconds(30), Duration.ofDays(3));
    }

    @Test
    void theFirstClaimWinsAndACompletedKeyStaysDone() {
        assertThat(guard.claim("k", NOW)).isEqualTo(Claim.ACQUIRED);
        assertThat(guard.claim("k", NOW.plusSeconds(1))).isEqualTo(Claim.IN_PROGRESS);
        guard.complete("k", NOW.plusSeconds(2));
        assertThat(guard.claim("k", NOW.plusSeconds(3))).isEqualTo(Claim.ALREADY_DONE);
        assertThat(guard.claim("k", NOW.plus(Duration.ofDays(2)))).isEqualTo(Claim.ALREADY_DONE);

        Map<String, AttributeValue> item = stack.scan("IdempotencyTable").getFirst();
        assertThat(item.get("status").s()).isEqualTo("COMPLETED");
        assertThat(Long.parseLong(item.get("expiresAt").n())).isEqualTo(NOW.plusSeconds(2).plus(Duration.ofDays(3)).getEpochSecond());
    }

    @Test
    void aLapsedLeaseCanBeClaimedAgain() {
        guard.claim("k", NOW);
        assertThat(guard.claim("k", NOW.plusSeconds(29))).isEqualTo(Claim.IN_PROGRESS);
        assertThat(guard.claim("k", NOW.plusSeconds(31))).isEqualTo(Claim.ACQUIRED);
    }

    @Test
    void anExpiredRecordCountsAsAbsentEvenBeforeTtlDeletesIt() {
        guard.claim("k", NOW);
        guard.complete("k", NOW);
        assertThat(guard.claim("k", NOW.plus(Duration.ofDays(3)).plusSeconds(1))).isEqualTo(Claim.ACQUIRED);
    }

    @Test
    void releaseFreesAnInProgressClaimButNeverACompletedOne() {
        guard.claim("a", NOW);
        guard.release("a");
        assertThat(guard.claim("a", NOW.plusSeconds(1))).isEqualTo(Claim.ACQUIRED);

        guard.claim("b", NOW);
        guard.complete("b", NOW);
        guard.release("b");
        assertThat(guard.claim("b", NOW.plusSeconds(1))).isEqualTo(Claim.ALREADY_DONE);
    }
}
