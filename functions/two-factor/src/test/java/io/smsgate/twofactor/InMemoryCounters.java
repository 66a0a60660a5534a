package io.smsgate.twofactor;

import io.smsgate.shared.port.Counters;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** {@link Counters} in a map, for unit tests of what is built on it (the DynamoDB adapter has its own tests). */
final class InMemoryCounters implements Counters {
    private final Map<String, Long> counts = new HashMap<>();
    private final Map<String, Instant> once = new HashMap<>();

    @Override
    public synchronized boolean incrementIfBelow(String key, long limit, Instant expiresAt) {
        long current = counts.getOrDefault(key, 0L);
        if (limit <= 0 || current >= limit) {
            return false;
        }
        counts.put(key, current + 1);
        return true;
    }

    private final Map<String, java.util.Set<String>> members = new HashMap<>();

    @Override
    public synchronized boolean incrementOnceIfBelow(String key, String member, long limit, Instant expiresAt) {
        java.util.Set<String> counted = members.computeIfAbsent(key, k -> new java.util.HashSet<>());
        if (counted.contains(member)) {
            return true;
        }
        if (!incrementIfBelow(key, limit, expiresAt)) {
            return false;
        }
        counted.add(member);
        return true;
    }

    @Override
    public synchronized boolean oncePer(String key, Duration period, Instant now) {
        Instant until = once.get(key);
        if (until != null && now.isBefore(until)) {
            return false;
        }
        once.put(key, now.plus(period));
        return true;
    }

    @Override
    public synchronized void decrement(String key) {
        counts.computeIfPresent(key, (k, count) -> Math.max(0, count - 1));
    }

    @Override
    public synchronized long current(String key) {
        return counts.getOrDefault(key, 0L);
    }

    synchronized Map<String, Long> all() {
        return Map.copyOf(counts);
    }
}
