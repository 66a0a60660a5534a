package io.smsgate.shared.log;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.Metrics;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Metrics as CloudWatch embedded metric format: one JSON log line per data point, which CloudWatch Logs
 * turns into a metric without an API call or a permission. Lines go to the {@code smsgate.metrics}
 * logger, which the provider ({@link LineWriter}) writes verbatim.
 */
public final class EmfMetrics implements Metrics {
    static final String LOGGER = "smsgate.metrics";
    private static final Logger OUT = LoggerFactory.getLogger(LOGGER);

    private final String namespace;
    private final String function;
    private final Clock clock;

    public EmfMetrics(String namespace, String function, Clock clock) {
        this.namespace = namespace;
        this.function = function;
        this.clock = clock;
    }

    @Override
    public void count(String metric, Map<String, String> dimensions) {
        OUT.info(line(metric, dimensions));
    }

    /** One line, two dimension sets: the value is published under both (EMF allows several sets). */
    @Override
    public void countBy(String metric, Map<String, String> dimensions, String breakdown, String value) {
        OUT.info(line(metric, dimensions, breakdown, value));
    }

    String line(String metric, Map<String, String> dimensions) {
        return line(metric, dimensions, null, null);
    }

    String line(String metric, Map<String, String> dimensions, String breakdown, String value) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("Function", function);
        all.putAll(dimensions);

        ObjectNode root = Json.mapper().createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", clock.millis());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", namespace);
        ArrayNode dimensionSets = directive.putArray("Dimensions");
        ArrayNode dimensionSet = dimensionSets.addArray();
        all.keySet().forEach(dimensionSet::add);
        if (breakdown != null) {
            ArrayNode broken = dimensionSets.addArray();
            all.keySet().forEach(broken::add);
            broken.add(breakdown);
            all.put(breakdown, value);
        }
        directive.putArray("Metrics").addObject().put("Name", metric).put("Unit", "Count");
        all.forEach(root::put);
        root.put(metric, 1);
        return root.toString();
    }
}
