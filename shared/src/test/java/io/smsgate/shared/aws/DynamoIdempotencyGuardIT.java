package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.port.IdempotencyGuard.Claim;
import java.time.Duration;
import java.time.Instant;
import io.smsgate.shared.config.Environment;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
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

    /**
     * Found by the soak (seed 1, --faults 0.05): the claim's PutItem was applied, then the caller saw an
     * error (a reset or 5xx after DynamoDB wrote it); the SDK retried it, the condition failed on the
     * item the first try had written, and the guard answered IN_PROGRESS to its own claim. Every Lambda
     * retry within the lease then met the same, and the text went to the dead-letter queue.
     */
    @Test
    void aClaimWhoseFirstTryWasAppliedButAnsweredWithAnErrorIsStillOurs() {
        AtomicInteger puts = new AtomicInteger();
        ExecutionInterceptor failFirstPutAfterItIsApplied = new ExecutionInterceptor() {
            @Override
            public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
                if ("PutItem".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME)) && puts.incrementAndGet() == 1) {
                    throw SdkClientException.builder().message("connection reset after the response")
                            .cause(new java.net.SocketException("Connection reset")).build();
                }
            }
        };
        Environment environment = new Environment(stack.awsEnvironment())
                .withClientInterceptors(List.of(failFirstPutAfterItIsApplied));
        try (DynamoDbClient faulty = AwsClients.from(environment).dynamoDb()) {
            DynamoIdempotencyGuard guarded = new DynamoIdempotencyGuard(faulty, stack.physicalId("IdempotencyTable"),
                    Duration.ofSeconds(30), Duration.ofDays(3));

            assertThat(guarded.claim("k", NOW)).isEqualTo(Claim.ACQUIRED);
            assertThat(puts.get()).as("the SDK retried the PutItem the first try applied").isEqualTo(2);
            assertThat(guard.claim("k", NOW.plusSeconds(1))).as("and it is a claim: another attempt is kept out")
                    .isEqualTo(Claim.IN_PROGRESS);
        }
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
