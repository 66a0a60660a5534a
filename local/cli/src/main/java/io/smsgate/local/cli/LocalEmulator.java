package io.smsgate.local.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.shared.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The emulator {@code smsgate emulator start} left running: moto's server, its pid and the stack it
 * holds, recorded in {@code .smsgate/emulator.json}. It is running only while that pid is alive and is
 * moto's server (a dead or reused pid means not running); {@code policy} and {@code invoke} use it when
 * no other target is given.
 */
public record LocalEmulator(URI endpoint, long pid, String stack, String region, Instant startedAt) {
    public static final String REGION = "us-east-1";
    static final String ACCOUNT = "123456789012";

    /** {@code .smsgate/} in the repository; {@code -Dsmsgate.state.dir} moves it (tests). */
    public static Path stateDirectory(Project project) {
        String configured = System.getProperty("smsgate.state.dir");
        return configured != null && !configured.isBlank() ? Path.of(configured) : project.resolve(".smsgate");
    }

    public static Path file(Project project) {
        return stateDirectory(project).resolve("emulator.json");
    }

    public static Optional<LocalEmulator> read(Project project) {
        Path file = file(project);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode node = Json.tree(Files.readString(file));
            return Optional.of(new LocalEmulator(URI.create(node.path("endpoint").asText()), node.path("pid").asLong(),
                    node.path("stack").asText(), node.path("region").asText(REGION), Instant.parse(node.path("startedAt").asText())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // Unreadable: as good as absent; `emulator start` writes a new one.
        }
    }

    /** The recorded emulator, if its process still runs. */
    public static Optional<LocalEmulator> running(Project project) {
        return read(project).filter(LocalEmulator::alive);
    }

    public boolean alive() {
        return ProcessHandle.of(pid).filter(LocalEmulator::isMoto).isPresent();
    }

    /** Alive and, as far as the OS tells, moto's server: a pid reused by another program is not ours. */
    public static boolean isMoto(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        return process.info().commandLine().map(line -> line.contains("moto.server")).orElse(true);
    }

    public void write(Project project) throws IOException {
        ObjectNode node = Json.mapper().createObjectNode()
                .put("endpoint", endpoint.toString())
                .put("pid", pid)
                .put("stack", stack)
                .put("region", region)
                .put("startedAt", startedAt.toString());
        Files.createDirectories(stateDirectory(project));
        Files.writeString(file(project), Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
    }

    public static void delete(Project project) throws IOException {
        Files.deleteIfExists(file(project));
    }

    /** The running emulator as the emulator library sees one: not ours to stop when a command ends. */
    public AwsEmulator emulator() {
        return new AwsEmulator() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public String region() {
                return region;
            }

            @Override
            public String accessKeyId() {
                return "test";
            }

            @Override
            public String secretAccessKey() {
                return "test";
            }

            @Override
            public String accountId() {
                return ACCOUNT;
            }

            @Override
            public String describe() {
                return "the local emulator at " + endpoint + " (pid " + pid + ", ./smsgate emulator start)";
            }

            @Override
            public boolean asynchronousDelivery() {
                return false;
            }

            @Override
            public void close() {
                // Left running for the next command; ./smsgate emulator stop ends it.
            }
        };
    }
}
