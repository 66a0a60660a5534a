package io.smsgate.local.emulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the repository is ({@code -Dsmsgate.root}, set by the build, or the nearest directory upwards
 * holding template.yaml) and what runs locally take from it: the template and the parameter values
 * for a local stack ({@code local/parameters.json}).
 */
public final class Project {
    private final Path root;

    private Project(Path root) {
        this.root = root;
    }

    public static Project locate() {
        String configured = System.getProperty("smsgate.root");
        if (configured != null && !configured.isBlank() && Files.isRegularFile(Path.of(configured, "template.yaml"))) {
            return new Project(Path.of(configured).toAbsolutePath().normalize());
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("template.yaml")) && Files.isDirectory(dir.resolve("functions"))) {
                return new Project(dir);
            }
        }
        throw new IllegalStateException("cannot find the smsgate repository (template.yaml) from " + Path.of("").toAbsolutePath());
    }

    public Path root() {
        return root;
    }

    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public CloudFormationTemplate template() {
        return CloudFormationTemplate.load(root.resolve("template.yaml"));
    }

    /** Template parameter values for a local stack: the numbers the sample events text, and so on. */
    public Map<String, String> localParameters() {
        Path file = root.resolve("local/parameters.json");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            Map<String, String> values = new LinkedHashMap<>();
            new ObjectMapper().readTree(file.toFile()).fields()
                    .forEachRemaining(field -> values.put(field.getKey(), field.getValue().asText()));
            return values;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
    }

    /** A fresh stack of this project's template in the emulator, with the local parameter values. */
    public Stack stack(AwsEmulator emulator, Map<String, String> parameterOverrides) {
        Map<String, String> parameters = new LinkedHashMap<>(localParameters());
        parameters.putAll(parameterOverrides);
        return Stack.create(emulator, template(), parameters);
    }

    /** The stack called {@code name} in the emulator: created, or attached to when it exists already. */
    public Stack stack(AwsEmulator emulator, Map<String, String> parameterOverrides, String name) {
        Map<String, String> parameters = new LinkedHashMap<>(localParameters());
        parameters.putAll(parameterOverrides);
        return Stack.named(name, emulator, template(), parameters);
    }
}
