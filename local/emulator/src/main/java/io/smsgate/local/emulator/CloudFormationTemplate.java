package io.smsgate.local.emulator;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml as data: CloudFormation short tags ({@code !Ref}, {@code !GetAtt}, {@code !Sub} ...)
 * become their long forms ({@code {"Ref": ...}}, {@code {"Fn::GetAtt": [...]}}), so one resolver
 * handles both spellings.
 */
public final class CloudFormationTemplate {
    private final Path path;
    private final Map<String, Object> root;

    private CloudFormationTemplate(Path path, Map<String, Object> root) {
        this.path = path;
        this.root = root;
    }

    public static CloudFormationTemplate load(Path path) {
        try (Reader reader = Files.newBufferedReader(path)) {
            Object loaded = new Yaml(new IntrinsicConstructor()).load(reader);
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(path + " is not a YAML mapping");
            }
            return new CloudFormationTemplate(path, cast(map));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }

    public Path path() {
        return path;
    }

    public Map<String, Resource> resources() {
        Map<String, Resource> out = new LinkedHashMap<>();
        section("Resources").forEach((id, value) -> {
            Map<String, Object> body = cast((Map<?, ?>) value);
            out.put(id, new Resource(id, (String) body.get("Type"),
                    body.get("Properties") instanceof Map<?, ?> p ? cast(p) : Map.of(),
                    (String) body.get("Condition")));
        });
        return out;
    }

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources().get(logicalId));
    }

    public Map<String, Object> parameters() {
        return section("Parameters");
    }

    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    public Map<String, Object> outputs() {
        return section("Outputs");
    }

    /** {@code Globals.Function}, which SAM merges into every function. */
    public Map<String, Object> functionGlobals() {
        Object globals = section("Globals").get("Function");
        return globals instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    public List<Resource> functions() {
        return resources().values().stream().filter(r -> "AWS::Serverless::Function".equals(r.type())).toList();
    }

    private Map<String, Object> section(String name) {
        Object section = root.get(name);
        return section instanceof Map<?, ?> map ? cast(map) : Map.of();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    /** One resource: its logical id, type, properties and the condition it exists under. */
    public record Resource(String logicalId, String type, Map<String, Object> properties, String condition) {
        @SuppressWarnings("unchecked")
        public Map<String, Object> map(String property) {
            Object value = properties.get(property);
            return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        }

        public Optional<Object> property(String property) {
            return Optional.ofNullable(properties.get(property));
        }
    }

    /** Reads CloudFormation's short-form tags into their long forms. */
    private static final class IntrinsicConstructor extends SafeConstructor {
        IntrinsicConstructor() {
            super(new LoaderOptions());
            for (String fn : List.of("Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue", "Join", "Select",
                    "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or", "Length", "ToJsonString")) {
                yamlConstructors.put(new Tag("!" + fn), new LongForm("Fn::" + fn));
            }
            yamlConstructors.put(new Tag("!Ref"), new LongForm("Ref"));
            yamlConstructors.put(new Tag("!Condition"), new LongForm("Condition"));
            yamlConstructors.put(new Tag("!GetAtt"), new GetAtt());
        }

        private Object value(Node node) {
            if (node instanceof ScalarNode scalar) {
                return scalar.getValue();
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> out = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    out.add(constructObject(item));
                }
                return out;
            }
            return constructMapping((MappingNode) node);
        }

        private final class LongForm extends AbstractConstruct {
            private final String key;

            LongForm(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                return Map.of(key, value(node));
            }
        }

        private final class GetAtt extends AbstractConstruct {
            @Override
            public Object construct(Node node) {
                Object value = value(node);
                if (value instanceof String dotted) {
                    int dot = dotted.indexOf('.');
                    return Map.of("Fn::GetAtt", List.of(dotted.substring(0, dot), dotted.substring(dot + 1)));
                }
                return Map.of("Fn::GetAtt", value);
            }
        }
    }
}
