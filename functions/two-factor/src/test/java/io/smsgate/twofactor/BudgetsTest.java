package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BudgetsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:15:00Z");
    private static final CountryCode GB = CountryCode.of("GB");
    private final InMemoryCounters counters = new InMemoryCounters();

    private static CountryPolicy policy(int perNumber, int perCountry) {
        return new CountryPolicy("GB", Feature.DISABLED, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, perNumber, perCountry, "", null, null, 1);
    }

    @Test
    void theNumberIsCountedFirstAndAPumpedNumberDoesNotSpendItsCountrysBudget() {
        Budgets budgets = new Budgets(counters, 100);
        assertThat(budgets.spend("k", GB, policy(2, 10), NOW)).isEmpty();
        assertThat(budgets.spend("k", GB, policy(2, 10), NOW)).isEmpty();
        for (int i = 0; i < 5; i++) {
            assertThat(budgets.spend("k", GB, policy(2, 10), NOW)).contains(Budgets.Budget.NUMBER_HOURLY);
        }
        assertThat(counters.current("codes#country#GB#2026112510")).isEqualTo(2);
        assertThat(counters.current("codes#global#20261125")).isEqualTo(2);
    }

    @Test
    void eachBudgetStopsInTurnAndPeekCountsNothing() {
        Budgets budgets = new Budgets(counters, 3);
        assertThat(budgets.spend("a", GB, policy(5, 2), NOW)).isEmpty();
        assertThat(budgets.spend("b", GB, policy(5, 2), NOW)).isEmpty();
        assertThat(budgets.peek("c", GB, policy(5, 2), NOW)).contains(Budgets.Budget.COUNTRY_HOURLY);
        assertThat(budgets.spend("c", GB, policy(5, 2), NOW)).contains(Budgets.Budget.COUNTRY_HOURLY);
        assertThat(budgets.spend("d", CountryCode.of("FR"), policy(5, 2), NOW)).isEmpty();
        assertThat(budgets.peek("e", CountryCode.of("IE"), policy(5, 2), NOW)).contains(Budgets.Budget.GLOBAL_DAILY);
        long before = counters.all().values().stream().mapToLong(Long::longValue).sum();
        budgets.peek("e", CountryCode.of("IE"), policy(5, 2), NOW);
        assertThat(counters.all().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(before);
    }

    @Test
    void aNewHourIsANewBudgetAndAZeroLimitAllowsNothing() {
        Budgets budgets = new Budgets(counters, 100);
        assertThat(budgets.spend("k", GB, policy(1, 10), NOW)).isEmpty();
        assertThat(budgets.spend("k", GB, policy(1, 10), NOW)).isPresent();
        assertThat(budgets.spend("k", GB, policy(1, 10), NOW.plusSeconds(45 * 60))).isEmpty();
        assertThat(budgets.peek("k", GB, policy(0, 10), NOW)).isEqualTo(Optional.of(Budgets.Budget.NUMBER_HOURLY));
        assertThat(new Budgets(counters, 0).peek("z", GB, policy(5, 10), NOW)).contains(Budgets.Budget.GLOBAL_DAILY);
    }
}
