package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.MutableClock;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.CachingCountryPolicies;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The policy cache around a snapshot: what was cached before it must not decide anything after a
 * restore. The clock never moves here, so nothing expires by itself: only the restore's hook can make the
 * cache see a policy an operator changed between the snapshot and the restore.
 */
@ExtendWith(AwsEmulatorExtension.class)
class PolicyCachePrimingIT {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final CountryCode US = CountryCode.of("US");

    private DynamoCountryPolicies table;
    private CachingCountryPolicies cache;

    @BeforeEach
    void setUp(Stack stack) {
        table = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        cache = new CachingCountryPolicies(table, Duration.ofSeconds(30), new MutableClock(NOW));
        table.save(policy("US", Feature.ENABLED, 1));
        table.save(policy(CountryPolicy.DEFAULT, Feature.DISABLED, 1));
        table.save(policy(CountryPolicy.GLOBAL, Feature.ENABLED, 1));
    }

    private static CountryPolicy policy(String scope, Feature posting, long version) {
        return new CountryPolicy(scope, posting, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS,
                10, 5, 1000, "test", null, null, version - 1).savedBy("ops", NOW);
    }

    @Test
    void aPolicyChangedBetweenSnapshotAndRestoreIsSeenAfterTheRestore() {
        PolicyCachePriming.warmUp(cache, table).run();
        // A message decided before the snapshot (priming, or an invocation Lambda ran before publishing the version).
        assertThat(cache.forCountry(US).own().orElseThrow().smsPosting()).as("in the snapshot").isEqualTo(Feature.ENABLED);

        // Between the snapshot and the restore: the operator switches posting off in the US and globally.
        table.save(policy("US", Feature.DISABLED, 2));
        table.save(policy(CountryPolicy.GLOBAL, Feature.DISABLED, 2));
        assertThat(cache.forCountry(US).own().orElseThrow().smsPosting()).as("without the restore's hook, still the snapshot's")
                .isEqualTo(Feature.ENABLED);

        PolicyCachePriming.afterRestore(cache).run();

        assertThat(cache.forCountry(US).own().orElseThrow().smsPosting()).isEqualTo(Feature.DISABLED);
        assertThat(cache.forCountry(US).smsPostingKilledGlobally()).isTrue();
    }

    @Test
    void primingReadsOnlyItsOwnCountryAndTheSharedItems() {
        PolicyCachePriming.warmUp(cache, table).run();
        table.save(policy("US", Feature.DISABLED, 2));

        assertThat(cache.forCountry(US).own().orElseThrow().smsPosting()).as("US was never cached by priming").isEqualTo(Feature.DISABLED);
        assertThat(cache.forCountry(PolicyCachePriming.PRIMING_COUNTRY).own()).as("no stack policy names the priming country").isEmpty();
    }
}
