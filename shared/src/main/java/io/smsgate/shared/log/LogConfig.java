package io.smsgate.shared.log;

import io.smsgate.shared.config.Environment;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.slf4j.event.Level;

/**
 * How smsgate's SLF4J provider logs, read once when SLF4J starts it.
 *
 * <ul>
 *   <li>{@code AWS_LAMBDA_LOG_FORMAT}: {@code JSON} writes one JSON object per line (what Lambda's JSON log
 *       format and CloudWatch Logs Insights expect); anything else, the text pattern.</li>
 *   <li>{@code AWS_LAMBDA_LOG_LEVEL}: the root level (default INFO). Lambda sets it from the function's
 *       application log level (advanced logging controls), and the runtime drops less severe lines too.</li>
 *   <li>{@code software.amazon.awssdk} logs at WARN; {@code smsgate.metrics} (the EMF lines) at INFO.</li>
 *   <li>{@code smsgate.log.levels} (system property) or {@code SMSGATE_LOG_LEVELS} (environment): more levels
 *       by logger prefix, {@code software.amazon.awssdk=DEBUG,io.smsgate.posting=DEBUG}; they win over the
 *       defaults above. This is how an operator changes one logger's level without a release.</li>
 *   <li>{@code smsgate.log.output} (system property): {@code lambda} (default) writes every line through
 *       Lambda's logger (outside Lambda, standard output); {@code none} writes nothing directly, only to the
 *       attached sinks ({@link LogSinks}): the command line prints what it captured itself.</li>
 * </ul>
 */
record LogConfig(Level root, Map<String, Level> byPrefix, boolean json, boolean direct) {
    static final String METRICS_LOGGER = "smsgate.metrics";

    LogConfig {
        byPrefix = Map.copyOf(byPrefix);
    }

    /** From the process: environment variables and system properties. */
    static LogConfig fromProcess() {
        Environment environment = Environment.system();
        return from(name -> environment.optional(name).orElse(null), System::getProperty);
    }

    static LogConfig from(UnaryOperator<String> environment, UnaryOperator<String> properties) {
        Level root = level(environment.apply("AWS_LAMBDA_LOG_LEVEL"), Level.INFO);
        Map<String, Level> byPrefix = new LinkedHashMap<>();
        byPrefix.put("software.amazon.awssdk", Level.WARN);
        byPrefix.put(METRICS_LOGGER, Level.INFO);
        String more = properties.apply("smsgate.log.levels");
        if (more == null) {
            more = environment.apply("SMSGATE_LOG_LEVELS");
        }
        if (more != null) {
            for (String entry : more.split(",")) {
                int equals = entry.indexOf('=');
                if (equals > 0) {
                    Level level = level(entry.substring(equals + 1), null);
                    if (level != null) {
                        byPrefix.put(entry.substring(0, equals).strip(), level);
                    }
                }
            }
        }
        boolean json = "JSON".equalsIgnoreCase(strip(environment.apply("AWS_LAMBDA_LOG_FORMAT")));
        boolean direct = !"none".equalsIgnoreCase(strip(properties.apply("smsgate.log.output")));
        return new LogConfig(root, byPrefix, json, direct);
    }

    /** The level of a logger: the longest configured prefix of its name (whole dotted segments), else the root. */
    Level levelOf(String logger) {
        Level found = root;
        int longest = -1;
        for (Map.Entry<String, Level> entry : byPrefix.entrySet()) {
            String prefix = entry.getKey();
            boolean matches = logger.equals(prefix) || (logger.startsWith(prefix) && logger.charAt(prefix.length()) == '.');
            if (matches && prefix.length() > longest) {
                longest = prefix.length();
                found = entry.getValue();
            }
        }
        return found;
    }

    /**
     * Lambda's level names (TRACE, DEBUG, INFO, WARN, ERROR, FATAL), any case; FATAL is ERROR here
     * (SLF4J has none above it); anything else is the fallback.
     */
    private static Level level(String name, Level fallback) {
        String value = strip(name);
        if (value == null) {
            return fallback;
        }
        return switch (value.toUpperCase(Locale.ROOT)) {
            case "TRACE" -> Level.TRACE;
            case "DEBUG" -> Level.DEBUG;
            case "INFO" -> Level.INFO;
            case "WARN" -> Level.WARN;
            case "ERROR", "FATAL" -> Level.ERROR;
            default -> fallback;
        };
    }

    private static String strip(String value) {
        return value == null ? null : value.strip();
    }
}
