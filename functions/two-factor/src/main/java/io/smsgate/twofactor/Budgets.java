package io.smsgate.twofactor;

import io.smsgate.shared.domain.CountryCode;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Window;
import io.smsgate.shared.port.Counters;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The budgets every code is counted against, in CountersTable, in fixed UTC windows: per number per
 * hour (the policy's {@code maxCodesPerHourPerNumber}), per country per hour
 * ({@code maxCodesPerHourPerCountry}) and for the whole deployment per day ({@code GLOBAL_DAILY_CODE_BUDGET}).
 * SendSmsFunction {@link #spend spends} (conditional increments: nothing counts past a limit); the API
 * {@link #peek peeks}, to answer 429 before it asks for a code that would not be sent.
 */
final class Budgets {
    enum Budget {
        NUMBER_HOURLY,
        COUNTRY_HOURLY,
        GLOBAL_DAILY
    }

    /** Counters outlive their window a little, for whoever inspects the table. */
    private static final Duration KEEP = Duration.ofHours(1);

    private final Counters counters;
    private final long globalDailyLimit;

    Budgets(Counters counters, long globalDailyLimit) {
        this.counters = counters;
        this.globalDailyLimit = globalDailyLimit;
    }

    private record Line(Budget budget, String key, long limit, Instant expires) {
    }

    private List<Line> lines(String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        return List.of(
                new Line(Budget.NUMBER_HOURLY, "codes#number#" + phoneKey + "#" + Window.HOUR.id(now),
                        policy.maxCodesPerHourPerNumber(), Window.HOUR.end(now).plus(KEEP)),
                new Line(Budget.COUNTRY_HOURLY, "codes#country#" + country.value() + "#" + Window.HOUR.id(now),
                        policy.maxCodesPerHourPerCountry(), Window.HOUR.end(now).plus(KEEP)),
                new Line(Budget.GLOBAL_DAILY, "codes#global#" + Window.DAY.id(now), globalDailyLimit,
                        Window.DAY.end(now).plus(KEEP)));
    }

    /**
     * Counts one code against every budget, number first (so a number being pumped does not use up its
     * country's budget); the first budget that is spent is returned and nothing after it is counted.
     * One request ({@link Counters#incrementEachIfBelow}: a transaction in DynamoDB).
     */
    Optional<Budget> spend(String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        List<Line> lines = lines(phoneKey, country, policy, now);
        int refused = counters.incrementEachIfBelow(lines.stream()
                .map(line -> new Counters.Limit(line.key(), line.limit(), line.expires())).toList());
        return refused < 0 ? Optional.empty() : Optional.of(lines.get(refused).budget());
    }

    /** Takes back what {@link #spend} counted at {@code now} (the code was not sent after all, and will be tried again). */
    void refund(String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        for (Line line : lines(phoneKey, country, policy, now)) {
            counters.decrement(line.key());
        }
    }

    /** The first budget already spent, without counting anything. */
    Optional<Budget> peek(String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        return peek(phoneKey, country, policy, now, counters::current);
    }

    /** The counters {@link #peek} reads, for a caller that reads them together with other items. */
    List<String> keys(String phoneKey, CountryCode country, CountryPolicy policy, Instant now) {
        return lines(phoneKey, country, policy, now).stream().map(Line::key).toList();
    }

    /** {@link #peek} on counts already read ({@code current}: a key's count, 0 when absent). */
    Optional<Budget> peek(String phoneKey, CountryCode country, CountryPolicy policy, Instant now,
                          java.util.function.ToLongFunction<String> current) {
        for (Line line : lines(phoneKey, country, policy, now)) {
            if (line.limit() <= 0 || current.applyAsLong(line.key()) >= line.limit()) {
                return Optional.of(line.budget());
            }
        }
        return Optional.empty();
    }
}
