package io.smsgate.shared.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PolicySet;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.port.CountryPolicyCatalog.ConcurrentChangeException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(AwsEmulatorExtension.class)
class DynamoCountryPoliciesIT {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

    private DynamoCountryPolicies policies;
    private Stack stack;
    private software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo;
    private String table;

    @BeforeEach
    void setUp(Stack stack) {
        this.stack = stack;
        dynamo = stack.dynamoDb();
        table = stack.physicalId("CountryPoliciesTable");
        policies = new DynamoCountryPolicies(dynamo, table);
    }

    private static CountryPolicy policy(String scope, Feature posting) {
        return new CountryPolicy(scope, posting, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, 5, 1000, "test", null, null, 0);
    }

    @Test
    void readsTheCountryTheDefaultAndTheGlobalItemTogether() {
        policies.save(policy("GB", Feature.ENABLED).savedBy("ops", NOW));
        policies.save(policy(CountryPolicy.DEFAULT, Feature.DISABLED).savedBy("ops", NOW));
        policies.save(policy(CountryPolicy.GLOBAL, Feature.ENABLED).savedBy("ops", NOW));

        PolicySet gb = policies.forCountry(CountryCode.of("GB"));
        assertThat(gb.own()).get().extracting(CountryPolicy::smsPosting).isEqualTo(Feature.ENABLED);
        assertThat(gb.applicable()).get().extracting(CountryPolicy::scope).isEqualTo("GB");
        assertThat(gb.smsPostingKilledGlobally()).isFalse();

        PolicySet fr = policies.forCountry(CountryCode.of("FR"));
        assertThat(fr.own()).isEmpty();
        assertThat(fr.applicable()).get().extracting(CountryPolicy::scope).isEqualTo(CountryPolicy.DEFAULT);
    }

    @Test
    void anEmptyTableAllowsNothing() {
        PolicySet set = policies.forCountry(CountryCode.of("GB"));
        assertThat(set.applicable()).isEmpty();
        assertThat(set.twoFactorAllowed()).isFalse();
    }

    @Test
    void roundTripsEveryFieldAndRecordsWhoAndWhen() {
        CountryPolicy saved = new CountryPolicy("NG", Feature.ENABLED, Feature.DISABLED, PostingAuth.NONE, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 7, 3, 50,
                40, "relies on SMS", null, null, 0).withPumpingGuard(new io.smsgate.shared.domain.PumpingGuardPolicy(3, 10, 0, 35, 90))
                .savedBy("alice", NOW);
        policies.save(saved);
        assertThat(policies.get("NG")).contains(saved);
        assertThat(saved.version()).isEqualTo(1);
        assertThat(saved.updatedBy()).isEqualTo("alice");
        assertThat(policies.all()).containsExactly(saved);
    }

    @Test
    void anItemWrittenBeforeTheReplyBudgetReadsAsItsDefault() {
        policies.save(policy("GB", Feature.ENABLED).savedBy("ops", NOW));
        dynamo.updateItem(r -> r.tableName(table).key(java.util.Map.of("scope",
                software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("GB"))).updateExpression("REMOVE maxRepliesPerHourPerCountry"));
        assertThat(policies.get("GB").orElseThrow().maxRepliesPerHourPerCountry())
                .isEqualTo(CountryPolicy.DEFAULT_MAX_REPLIES_PER_HOUR_PER_COUNTRY);
    }

    @Test
    void anItemWrittenBeforeThePumpingGuardReadsAsItsDefaults() {
        stack.dynamoDb().putItem(r -> r.tableName(stack.physicalId("CountryPoliciesTable")).item(java.util.Map.of(
                "scope", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("KE"),
                "twoFactorSms", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("ENABLED"),
                "pumpingThrottleMinutes", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN("30"))));
        assertThat(policies.get("KE").orElseThrow().pumpingGuard())
                .isEqualTo(new io.smsgate.shared.domain.PumpingGuardPolicy(4, 20, 200, 20, 30));
    }

    @Test
    void refusesAStaleWrite() {
        CountryPolicy first = policy("GB", Feature.ENABLED).savedBy("alice", NOW);
        policies.save(first);
        policies.save(first.savedBy("bob", NOW.plusSeconds(1)));

        assertThatThrownBy(() -> policies.save(first.savedBy("carol", NOW.plusSeconds(2))))
                .isInstanceOf(ConcurrentChangeException.class).hasMessageContaining("GB");
        assertThatThrownBy(() -> policies.save(policy("GB", Feature.DISABLED).savedBy("dave", NOW)))
                .as("creating what exists").isInstanceOf(ConcurrentChangeException.class);
        assertThat(policies.get("GB")).get().extracting(CountryPolicy::updatedBy).isEqualTo("bob");
    }
}
