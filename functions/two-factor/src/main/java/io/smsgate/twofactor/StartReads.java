package io.smsgate.twofactor;

import io.smsgate.twofactor.ConversionCounters.Scope;
import io.smsgate.twofactor.ConversionCounters.Window;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything a start decides on, read together: the latest verification started for the number,
 * purpose and account; the number's failed checks in a row; the code budgets' counters; the pumping
 * guard's windows for the number's prefix and country. The same reads whatever the answers, so the work
 * done for a start says nothing about the number.
 */
interface StartReads {
    record Facts(Optional<String> latestId, CheckFailures.Run failures, Map<String, Long> counts, Map<Scope, Window> windows) {
        long count(String key) {
            return counts.getOrDefault(key, 0L);
        }
    }

    Facts read(String startKey, String phoneKey, List<String> counterKeys, List<Scope> scopes, Instant now);
}
