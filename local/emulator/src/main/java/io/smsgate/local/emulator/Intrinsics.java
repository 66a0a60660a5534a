package io.smsgate.local.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions the way the service would, enough for what
 * template.yaml uses: Ref, GetAtt, Sub, Join, If, Equals, Not, And, Or, Select, Split, Condition.
 * Resource references are answered by the stack, which creates what is referenced on first use.
 */
final class Intrinsics {
    /** What {@code !Ref AWS::NoValue} resolves to: the property is dropped. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    private static final Pattern SUB = Pattern.compile("\\$\\{([^}]+)}");

    private final Function<String, Object> ref;
    private final BiFunction<String, String, Object> getAtt;
    private final Map<String, Object> conditions;

    Intrinsics(Function<String, Object> ref, BiFunction<String, String, Object> getAtt, Map<String, Object> conditions) {
        this.ref = ref;
        this.getAtt = getAtt;
        this.conditions = conditions;
    }

    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                Object resolved = resolve(item);
                if (resolved != NO_VALUE) {
                    out.add(resolved);
                }
            }
            return out;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                Object argument = map.values().iterator().next();
                if (key.equals("Ref") || key.startsWith("Fn::") || key.equals("Condition")) {
                    return function(key, argument);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                Object resolved = resolve(v);
                if (resolved != NO_VALUE) {
                    out.put(String.valueOf(k), resolved);
                }
            });
            return out;
        }
        return value;
    }

    String resolveString(Object value) {
        Object resolved = resolve(value);
        if (resolved instanceof List<?> || resolved instanceof Map<?, ?>) {
            throw new IllegalArgumentException("expected a string, got " + resolved);
        }
        return String.valueOf(resolved);
    }

    boolean condition(String name) {
        Object definition = conditions.get(name);
        if (definition == null) {
            throw new IllegalArgumentException("template.yaml has no condition " + name);
        }
        return truth(resolve(definition));
    }

    private Object function(String name, Object argument) {
        return switch (name) {
            case "Ref" -> ref.apply(String.valueOf(argument));
            case "Condition" -> condition(String.valueOf(argument));
            case "Fn::GetAtt" -> {
                List<?> parts = (List<?>) argument;
                yield getAtt.apply(String.valueOf(parts.get(0)), resolveString(parts.get(1)));
            }
            case "Fn::Sub" -> sub(argument);
            case "Fn::Join" -> {
                List<?> parts = (List<?>) argument;
                Object items = resolve(parts.get(1));
                List<String> strings = new ArrayList<>();
                for (Object item : (List<?>) items) {
                    strings.add(String.valueOf(item));
                }
                yield String.join(resolveString(parts.get(0)), strings);
            }
            case "Fn::If" -> {
                List<?> parts = (List<?>) argument;
                yield condition(String.valueOf(parts.get(0))) ? resolve(parts.get(1)) : resolve(parts.get(2));
            }
            case "Fn::Equals" -> {
                List<?> parts = (List<?>) argument;
                yield String.valueOf(resolve(parts.get(0))).equals(String.valueOf(resolve(parts.get(1))));
            }
            case "Fn::Not" -> !truth(resolve(((List<?>) argument).get(0)));
            case "Fn::And" -> ((List<?>) argument).stream().allMatch(part -> truth(resolve(part)));
            case "Fn::Or" -> ((List<?>) argument).stream().anyMatch(part -> truth(resolve(part)));
            case "Fn::Select" -> {
                List<?> parts = (List<?>) argument;
                int index = Integer.parseInt(resolveString(parts.get(0)));
                yield ((List<?>) resolve(parts.get(1))).get(index);
            }
            case "Fn::Split" -> {
                List<?> parts = (List<?>) argument;
                yield List.of(resolveString(parts.get(1)).split(Pattern.quote(resolveString(parts.get(0))), -1));
            }
            default -> throw new IllegalArgumentException("the local stack does not evaluate " + name);
        };
    }

    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> parts) {
            text = String.valueOf(parts.get(0));
            variables = CloudFormationTemplate.cast((Map<?, ?>) parts.get(1));
        } else {
            text = String.valueOf(argument);
        }
        Matcher matcher = SUB.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String expression = matcher.group(1);
            String replacement;
            if (expression.startsWith("!")) {
                replacement = "${" + expression.substring(1) + "}";
            } else if (variables.containsKey(expression)) {
                replacement = resolveString(variables.get(expression));
            } else if (expression.contains(".") && !expression.startsWith("AWS::")) {
                int dot = expression.indexOf('.');
                replacement = String.valueOf(getAtt.apply(expression.substring(0, dot), expression.substring(dot + 1)));
            } else {
                Object value = ref.apply(expression);
                replacement = value instanceof List<?> list ? String.join(",", list.stream().map(String::valueOf).toList())
                        : String.valueOf(value);
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static boolean truth(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        return Boolean.parseBoolean(String.valueOf(value));
    }
}
