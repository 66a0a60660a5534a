package io.smsgate.local.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Which {@code CountersTable} keys a function may touch: the {@code dynamodb:LeadingKeys} patterns of
 * its template statements on that table. A test that ran a function against a {@link Stack} asks
 * {@link #uncovered} for the keys the function wrote that its grant does not cover, so a new counter
 * prefix in the code without its grant in template.yaml fails the function's own tests.
 */
public final class CounterGrants {
    public static final String TABLE = "CountersTable";

    private CounterGrants() {
    }

    /**
     * The {@code dynamodb:LeadingKeys} patterns of every statement of {@code function} whose resource is
     * the counters table. A statement on the table without the condition gives the pattern {@code *}
     * (anything), which the template tests refuse.
     */
    public static List<String> patterns(CloudFormationTemplate template, String function) {
        CloudFormationTemplate.Resource resource = template.resource(function)
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + function));
        List<String> patterns = new ArrayList<>();
        for (Map<String, Object> statement : statements(resource)) {
            if (!onCountersTable(statement.get("Resource"))) {
                continue;
            }
            Object leading = statement.get("Condition") instanceof Map<?, ?> condition
                    && condition.get("ForAllValues:StringLike") instanceof Map<?, ?> like
                    ? like.get("dynamodb:LeadingKeys") : null;
            if (leading == null) {
                patterns.add("*");
            } else if (leading instanceof List<?> list) {
                list.forEach(p -> patterns.add(String.valueOf(p)));
            } else {
                patterns.add(String.valueOf(leading));
            }
        }
        return patterns;
    }

    /**
     * The keys in the stack's counters table that none of the patterns of {@code functions} covers (the
     * functions that ran against the stack: one, or the two two-factor functions that share a stack).
     */
    public static List<String> uncovered(Stack stack, String... functions) {
        List<Pattern> allowed = java.util.Arrays.stream(functions)
                .flatMap(function -> patterns(stack.template(), function).stream())
                .map(CounterGrants::glob)
                .toList();
        return stack.scan(TABLE).stream()
                .map(item -> item.get("pk").s())
                .filter(key -> allowed.stream().noneMatch(p -> p.matcher(key).matches()))
                .toList();
    }

    /** IAM's StringLike: {@code *} any run of characters, {@code ?} one character. */
    public static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    /** Every {@code Statement} entry of a function's inline policies. */
    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> statements(CloudFormationTemplate.Resource function) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (function.properties().get("Policies") instanceof List<?> policies) {
            for (Object policy : policies) {
                if (policy instanceof Map<?, ?> map && map.get("Statement") instanceof List<?> statements) {
                    statements.forEach(s -> out.add((Map<String, Object>) s));
                }
            }
        }
        return out;
    }

    private static boolean onCountersTable(Object resource) {
        if (resource instanceof List<?> list) {
            return list.stream().anyMatch(CounterGrants::onCountersTable);
        }
        return resource instanceof Map<?, ?> map && map.get("Fn::GetAtt") instanceof List<?> getAtt
                && TABLE.equals(getAtt.getFirst());
    }
}
