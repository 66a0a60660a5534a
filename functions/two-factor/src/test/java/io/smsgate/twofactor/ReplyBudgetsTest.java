package io.smsgate.twofactor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The loop guard's count and the reply budgets in one request give what counting them one after the other gave. */
class ReplyBudgetsTest {
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:10Z");
    private static final CountryCode GB = CountryCode.of("GB");
    private final InMemoryCounters counters = new InMemoryCounters();
    private final ReplyBudgets budgets = new ReplyBudgets(counters, 100);

    private static CountryPolicy policy(int repliesPerHour) {
        return new CountryPolicy("GB", Feature.ENABLED, Feature.ENABLED, PostingAuth.PIN, SimSwapCheck.OFF,
                SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, 5, 1000, repliesPerHour, "test", null, null, 0);
    }

    @Test
    void aStoppedLoopCountsNoBudget() {
        for (int i = 0; i < LoopGuard.LIMIT; i++) {
            assertThat(budgets.spend(LoopGuard.limit("k", NOW, 0), OutboundSms.Purpose.POSTING_UNAVAILABLE, "k", GB, policy(1000), NOW))
                    .isEmpty();
        }
        assertThat(budgets.spend(LoopGuard.limit("k", NOW, 0), OutboundSms.Purpose.POSTING_UNAVAILABLE, "k", GB, policy(1000), NOW))
                .contains(ReplyBudgets.Budget.LOOP_GUARD);
        assertThat(counters.all().entrySet()).filteredOn(e -> e.getKey().startsWith("replies#")).allMatch(e -> e.getValue() == 10);
    }

    @Test
    void aSpentBudgetIsNamedAndTheLoopGuardsCountStaysAsItDidWhenCountedFirst() {
        Optional<ReplyBudgets.Budget> first = budgets.spend(LoopGuard.limit("k", NOW, 0), OutboundSms.Purpose.POSTING_UNAVAILABLE, "k", GB,
                policy(1), NOW);
        Optional<ReplyBudgets.Budget> second = budgets.spend(LoopGuard.limit("k", NOW, 0), OutboundSms.Purpose.POSTING_UNAVAILABLE, "k", GB,
                policy(1), NOW);
        assertThat(first).isEmpty();
        assertThat(second).contains(ReplyBudgets.Budget.COUNTRY_HOURLY);
        assertThat(counters.current(LoopGuard.limit("k", NOW, 0).key())).isEqualTo(2);
        assertThat(counters.all().entrySet()).filteredOn(e -> e.getKey().startsWith("replies#global#"))
                .as("nothing after the refusal is counted").allMatch(e -> e.getValue() == 1);
    }

    @Test
    void thePreviousWindowNarrowsTheLoopGuardsLimitAsAllowDoes() {
        // 15 s into the window, half of the previous one still lies inside the last 30 s: 3 of its 6 texts.
        Instant halfway = NOW.plusSeconds(5);
        assertThat(LoopGuard.limit("k", halfway, 6).limit()).isEqualTo(LoopGuard.LIMIT - 3);
        for (int i = 0; i < 6; i++) {
            counters.incrementIfBelow(LoopGuard.previousWindow("k", halfway), 100, halfway.plusSeconds(60));
        }
        LoopGuard guard = new LoopGuard(counters);
        int allowed = 0;
        while (guard.allow("k", halfway)) {
            allowed++;
        }
        assertThat(allowed).as("what allow lets through, reading the previous window itself").isEqualTo(LoopGuard.LIMIT - 3);
        assertThat(LoopGuard.previousWindow("k", NOW)).isEqualTo("loop#k#" + (NOW.getEpochSecond() / 30 - 1));
    }
}
