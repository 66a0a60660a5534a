package io.smsgate.shared.port;

import java.util.Map;

/** Counts what happened to messages (accepted, rejected and why), one data point per call. */
public interface Metrics {
    void count(String metric, Map<String, String> dimensions);

    default void count(String metric, String dimension, String value) {
        count(metric, Map.of(dimension, value));
    }
}
