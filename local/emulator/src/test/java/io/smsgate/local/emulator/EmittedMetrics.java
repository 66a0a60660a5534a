package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The metrics the functions' code emits, read from their sources: every {@code metrics.count("Name", …)}
 * call, the module it is in, its dimension names when the call spells them out, and the function names
 * the module's wiring gives {@code Platform.from}. EmfMetrics adds the {@code Function} dimension to
 * every data point and writes all dimensions as one set, so a metric exists in CloudWatch only under
 * exactly {@code Function} plus these names.
 */
final class EmittedMetrics {
    private static final Pattern COUNT = Pattern.compile("metrics\\.count\\(\"(\\w+)\",\\s*");
    /** {@code metrics.countBy("Name", Map.of(…), "Breakdown", value)}: published under both dimension sets. */
    private static final Pattern COUNT_BY = Pattern.compile("metrics\\.countBy\\(\"(\\w+)\",\\s*");
    private static final Pattern WIRING = Pattern.compile("Platform\\.(?:from|withoutKeys)\\(\\w+, (?:\\w+, )?\"(\\w+)\"[,)]");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\"");

    /** One call; {@code dimensions} is null when the call passes a map built elsewhere. */
    record Emitted(String metric, String module, Set<String> dimensions) {
    }

    private final List<Emitted> emitted = new ArrayList<>();
    private final List<String[]> functionsByModule = new ArrayList<>();
    private final List<String[]> sourcesByModule = new ArrayList<>();

    EmittedMetrics(Project project) {
        try (Stream<Path> files = Files.walk(project.resolve("functions"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/")).toList()) {
                String module = project.resolve("functions").relativize(file).getName(0).toString();
                String source = Files.readString(file);
                sourcesByModule.add(new String[] {module, source});
                Matcher wiring = WIRING.matcher(source);
                while (wiring.find()) {
                    functionsByModule.add(new String[] {module, wiring.group(1)});
                }
                Matcher count = COUNT.matcher(source);
                while (count.find()) {
                    emitted.add(new Emitted(count.group(1), module, dimensions(source, count.end())));
                }
                Matcher countBy = COUNT_BY.matcher(source);
                while (countBy.find()) {
                    Set<String> dimensions = dimensions(source, countBy.end());
                    emitted.add(new Emitted(countBy.group(1), module, dimensions));
                    if (dimensions != null) {
                        Set<String> broken = new TreeSet<>(dimensions);
                        broken.add(breakdown(source, countBy.end()));
                        emitted.add(new Emitted(countBy.group(1), module, broken));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The dimension names of the call whose second argument starts at {@code at}; null for a map built elsewhere. */
    private static Set<String> dimensions(String source, int at) {
        Set<String> dimensions = new TreeSet<>(Set.of("Function"));
        String rest = source.substring(at);
        if (rest.startsWith("\"")) {
            dimensions.add(rest.substring(1, rest.indexOf('"', 1)));
            return dimensions;
        }
        if (!rest.startsWith("Map.of(")) {
            return null;
        }
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        StringBuilder argument = new StringBuilder();
        for (char c : rest.substring("Map.of(".length()).toCharArray()) {
            if (c == ')' && depth == 0) {
                break;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (c == ',' && depth == 0) {
                arguments.add(argument.toString());
                argument.setLength(0);
            } else {
                argument.append(c);
            }
        }
        arguments.add(argument.toString());
        for (int i = 0; i < arguments.size(); i += 2) {
            Matcher key = LITERAL.matcher(arguments.get(i));
            if (key.find()) {
                dimensions.add(key.group(1));
            }
        }
        return dimensions;
    }

    /** The breakdown dimension of a countBy call: the first string literal after its {@code Map.of(…)}. */
    private static String breakdown(String source, int at) {
        String rest = source.substring(at);
        int depth = 0;
        int i = "Map.of(".length();
        for (; i < rest.length(); i++) {
            char c = rest.charAt(i);
            if (c == ')' && depth == 0) {
                break;
            }
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        }
        Matcher literal = LITERAL.matcher(rest.substring(i));
        if (!literal.find()) {
            throw new IllegalStateException("a countBy call without a breakdown name: " + rest.substring(0, Math.min(80, rest.length())));
        }
        return literal.group(1);
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        emitted.forEach(e -> names.add(e.metric()));
        return names;
    }

    /** True when some call emits {@code metric} from a module whose wiring names {@code function}, under these dimensions. */
    boolean emits(String metric, String function, Set<String> dimensions) {
        return emitted.stream().anyMatch(e -> e.metric().equals(metric)
                && functionsByModule.stream().anyMatch(f -> f[0].equals(e.module()) && f[1].equals(function))
                && (e.dimensions() == null || e.dimensions().equals(dimensions)));
    }

    /** True when some call emits {@code metric} under these dimensions, from any function. */
    boolean emits(String metric, Set<String> dimensions) {
        return emitted.stream().anyMatch(e -> e.metric().equals(metric) && (e.dimensions() == null || e.dimensions().equals(dimensions)));
    }

    /** True when the source of the module that emits {@code metric} spells {@code value} (an enum constant or a string). */
    boolean mentions(String metric, String value) {
        Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(value) + "(?![\\w-])");
        return emitted.stream().filter(e -> e.metric().equals(metric)).map(Emitted::module).distinct()
                .anyMatch(module -> sourcesByModule.stream().anyMatch(s -> s[0].equals(module) && word.matcher(s[1]).find()));
    }
}
