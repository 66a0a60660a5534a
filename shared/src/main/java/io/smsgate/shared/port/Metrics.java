package io.smsgate.shared.port;

import java.util.LinkedHashMap;
import java.util.Map;

/** Counts what happened to messages (accepted, rejected and why), one data point per call. */
public interface Metrics {
    void count(String metric, Map<String, String> dimensions);

    default void count(String metric, String dimension, String value) {
        count(metric, Map.of(dimension, value));
    }

    /**
     * One data point that CloudWatch counts twice over: under {@code dimensions} (the metric alarms
     * watch, whose identity must not change) and under those plus {@code breakdown = value} (what a
     * dashboard splits by, e.g. {@code Country}). This default, for recorders, sees all of them at once.
     */
    default void countBy(String metric, Map<String, String> dimensions, String breakdown, String value) {
        Map<String, String> all = new LinkedHashMap<>(dimensions);
        all.put(breakdown, value);
        count(metric, all);
    }
}
