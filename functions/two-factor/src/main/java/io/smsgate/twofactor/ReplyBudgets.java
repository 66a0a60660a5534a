package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.OutboundSms;
import io.smsgate.shared.domain.Window;
import io.smsgate.shared.port.Counters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The budgets every reply (kind TEXT) is counted against, in CountersTable, in fixed UTC windows, so a
 * sender spoofing numbers in a premium-rate range cannot buy one outbound text per inbound one: per
 * country per hour (the policy's {@code maxRepliesPerHourPerCountry}, {@code replies#country#}) and
 * for the deployment per day ({@code GLOBAL_DAILY_REPLY_BUDGET}, {@code replies#global#}).
 * STOP/START/HELP confirmations are exempt from those (compliance) but limited per number
 * ({@value #CONFIRMATIONS_PER_HOUR_PER_NUMBER} an hour, {@code confirm#number#}): a person asks once.
 */
final class ReplyBudgets {
    enum Budget {
        /** Not a budget: the {@link LoopGuard}'s count, taken in the same request ({@link #spend(Counters.Limit, OutboundSms.Purpose, String, CountryCode, CountryPolicy, Instant)}). */
        LOOP_GUARD,
        COUNTRY_HOURLY,
        GLOBAL_DAILY,
        CONFIRMATIONS
    }

    static final int CONFIRMATIONS_PER_HOUR_PER_NUMBER = 3;
    private static final Duration KEEP = Duration.ofHours(1);

    private final Counters counters;
    private final long globalDailyLimit;

    ReplyBudgets(Counters counters, long globalDailyLimit) {
        this.counters = counters;
        this.globalDailyLimit = globalDailyLimit;
    }

    private record Line(Budget budget, String key, long limit, Instant expires) {
    }

    private List<Line> lines(OutboundSms.Purpose purpose, String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        if (purpose.compliance()) {
            return List.of(new Line(Budget.CONFIRMATIONS, "confirm#number#" + phoneKey + "#" + Window.HOUR.id(now),
                    CONFIRMATIONS_PER_HOUR_PER_NUMBER, Window.HOUR.end(now).plus(KEEP)));
        }
        return List.of(
                new Line(Budget.COUNTRY_HOURLY, "replies#country#" + country.value() + "#" + Window.HOUR.id(now),
                        policy == null ? 0 : policy.maxRepliesPerHourPerCountry(), Window.HOUR.end(now).plus(KEEP)),
                new Line(Budget.GLOBAL_DAILY, "replies#global#" + Window.DAY.id(now), globalDailyLimit, Window.DAY.end(now).plus(KEEP)));
    }

    /**
     * Counts one reply; the first budget that is spent is returned and nothing after it is counted.
     * {@code policy}: the country's applicable policy (null: none, so no courtesy reply is budgeted).
     */
    Optional<Budget> spend(OutboundSms.Purpose purpose, String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        for (Line line : lines(purpose, phoneKey, country, policy, now)) {
            if (!counters.incrementIfBelow(line.key(), line.limit(), line.expires())) {
                return Optional.of(line.budget());
            }
        }
        return Optional.empty();
    }

    /**
     * The loop guard's count ({@code loop}, from {@link LoopGuard#limit}) and then the budgets, in that
     * order and with the same outcome as {@link LoopGuard#allow} followed by {@link #spend(OutboundSms.Purpose,
     * String, CountryCode, CountryPolicy, Instant) spend}: the first refusal is returned ({@link Budget#LOOP_GUARD}
     * for the loop guard), what comes before it is counted and nothing after it. One request
     * ({@link Counters#incrementEachIfBelow}: a transaction in DynamoDB) instead of one per counter.
     */
    Optional<Budget> spend(Counters.Limit loop, OutboundSms.Purpose purpose, String phoneKey, CountryCode country, CountryPolicy policy,
                           Instant now) {
        List<Line> lines = lines(purpose, phoneKey, country, policy, now);
        List<Counters.Limit> limits = new java.util.ArrayList<>(lines.size() + 1);
        limits.add(loop);
        lines.forEach(line -> limits.add(new Counters.Limit(line.key(), line.limit(), line.expires())));
        int refused = counters.incrementEachIfBelow(limits);
        return refused < 0 ? Optional.empty() : Optional.of(refused == 0 ? Budget.LOOP_GUARD : lines.get(refused - 1).budget());
    }

    /** Takes back what {@link #spend} counted at {@code now} (the budgets; a loop guard's count stays, as it always did). */
    void refund(OutboundSms.Purpose purpose, String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        for (Line line : lines(purpose, phoneKey, country, policy, now)) {
            counters.decrement(line.key());
        }
    }
}
