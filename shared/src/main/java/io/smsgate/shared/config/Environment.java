package io.smsgate.shared.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The variables a function is configured with. In Lambda they are the process environment; in tests
 * and in the {@code smsgate} command they are the same variables, resolved from {@code template.yaml}.
 *
 * <p>Every getter fails with the variable's name, so a missing or malformed setting stops the function
 * at start, not at the first message.
 */
public final class Environment {
    private final Map<String, String> variables;
    private final List<ExecutionInterceptor> clientInterceptors;

    public Environment(Map<String, String> variables) {
        this(variables, List.of());
    }

    private Environment(Map<String, String> variables, List<ExecutionInterceptor> clientInterceptors) {
        this.variables = Map.copyOf(variables);
        this.clientInterceptors = List.copyOf(clientInterceptors);
    }

    /**
     * The same variables, with SDK interceptors every AWS client built from this environment installs.
     * Only code can add them (the local runner's fault injection): no variable, so no deployed
     * configuration, can. In Lambda ({@link #system()}) there are none.
     */
    public Environment withClientInterceptors(List<ExecutionInterceptor> interceptors) {
        return new Environment(variables, interceptors);
    }

    public List<ExecutionInterceptor> clientInterceptors() {
        return clientInterceptors;
    }

    /** The process environment: the only place {@code System.getenv} is read. */
    public static Environment system() {
        return new Environment(System.getenv());
    }

    public String require(String name) {
        String value = variables.get(name);
        if (value == null || value.isBlank()) {
            throw new MissingConfigurationException(name, "is not set");
        }
        return value.trim();
    }

    public Optional<String> optional(String name) {
        String value = variables.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String optional(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public boolean flag(String name, boolean fallback) {
        return optional(name).map(value -> switch (value.toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new MissingConfigurationException(name, "must be true or false, not '" + value + "'");
        }).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        return optional(name).map(value -> {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed < min || parsed > max) {
                    throw new MissingConfigurationException(name, "must be between " + min + " and " + max);
                }
                return parsed;
            } catch (NumberFormatException e) {
                throw new MissingConfigurationException(name, "must be a whole number, not '" + value + "'");
            }
        }).orElse(fallback);
    }

    public Duration seconds(String name, Duration fallback) {
        return optional(name).map(value -> {
            try {
                long parsed = Long.parseLong(value);
                if (parsed < 0) {
                    throw new MissingConfigurationException(name, "must not be negative");
                }
                return Duration.ofSeconds(parsed);
            } catch (NumberFormatException e) {
                throw new MissingConfigurationException(name, "must be a number of seconds, not '" + value + "'");
            }
        }).orElse(fallback);
    }

    /** A comma-separated list; blanks are dropped. */
    public List<String> list(String name) {
        return optional(name)
                .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList())
                .orElse(List.of());
    }

    public Environment with(String name, String value) {
        var copy = new TreeMap<>(variables);
        copy.put(name, value);
        return new Environment(copy, clientInterceptors);
    }

    public Map<String, String> asMap() {
        return variables;
    }
}
