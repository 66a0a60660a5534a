package io.smsgate.local.cli.emulator;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.LocalEmulator;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.EmulatorUnavailable;
import io.smsgate.local.emulator.MotoPython;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code smsgate emulator start|stop|status}: moto's server left running in the background with the
 * whole stack created from template.yaml under a fixed name and the policies seeded, so
 * {@code smsgate policy} and {@code smsgate invoke} work against the same tables from one command to
 * the next. The state is {@code .smsgate/emulator.json}; a dead pid means not running.
 */
@Command(name = "emulator", mixinStandardHelpOptions = true,
        description = "Keep a local emulator (moto) running with the stack and its policies, for policy and invoke.",
        subcommands = {EmulatorCommand.Start.class, EmulatorCommand.Stop.class, EmulatorCommand.Status.class})
public final class EmulatorCommand implements Runnable {
    static final String DEFAULT_STACK = "smsgate-local";
    private static final Set<String> CREATED_TYPES = Set.of("AWS::DynamoDB::Table", "AWS::SNS::Topic", "AWS::SQS::Queue",
            "AWS::SecretsManager::Secret");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "start", mixinStandardHelpOptions = true,
            description = "Start moto's server in the background, create the stack from template.yaml, seed policies/seed.yaml.")
    static final class Start implements Callable<Integer> {
        @Option(names = "--port", paramLabel = "N", description = "Port on 127.0.0.1 (default: a free one).")
        int port;

        @Option(names = "--stack", paramLabel = "NAME", defaultValue = DEFAULT_STACK, description = "The stack's name (default ${DEFAULT-VALUE}).")
        String stackName;

        @Option(names = {"-p", "--parameter"}, paramLabel = "NAME=VALUE",
                description = "A template parameter for the stack, over local/parameters.json.")
        List<String> parameters = List.of();

        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Project project = Project.locate();
            Optional<LocalEmulator> existing = LocalEmulator.running(project);
            if (existing.isPresent()) {
                out.println("already running: " + existing.get().emulator().describe() + ", stack " + existing.get().stack());
                out.flush();
                return 0;
            }
            int chosen = port == 0 ? freePort() : port;
            if (port != 0 && !portFree(port)) {
                err.println("smsgate emulator: port " + port + " is in use");
                err.flush();
                return 2;
            }
            Path state = LocalEmulator.stateDirectory(project);
            Files.createDirectories(state);
            Path log = state.resolve("moto.log");
            Process process;
            try {
                process = launch(chosen, log);
            } catch (IOException e) {
                err.println("smsgate emulator: cannot start moto's server: " + e.getMessage() + "; install it with: pip install '"
                        + MotoPython.REQUIREMENT + "'");
                err.flush();
                return 1;
            }
            LocalEmulator local = new LocalEmulator(URI.create("http://127.0.0.1:" + chosen), process.pid(), stackName,
                    LocalEmulator.REGION, Instant.now());
            try {
                awaitReady(local.endpoint(), process, log);
                local.write(project);
                int items;
                List<String> created;
                try (AwsEmulator emulator = local.emulator();
                     Stack stack = project.stack(emulator, parameterOverrides(), stackName)) {
                    created = provision(stack);
                    items = PolicySeed.write(project, stack);
                }
                out.println("emulator  moto's server at " + local.endpoint() + " (pid " + local.pid() + ", log "
                        + project.root().relativize(log.toAbsolutePath()) + ")");
                out.println("stack     " + stackName + ": " + String.join(", ", created) + " (from template.yaml)");
                out.println("policies  " + (items < 0 ? "no " + PolicySeed.FILE : PolicySeed.FILE + ": " + items + " items written"));
                out.println("now       ./smsgate policy list");
                out.println("          ./smsgate invoke CountryPolicyFunction events/country-policy/post-gb.json");
                out.println("          AWS_ENDPOINT_URL=" + local.endpoint() + " AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test "
                        + "AWS_REGION=" + LocalEmulator.REGION + " aws dynamodb list-tables");
                out.println("stop      ./smsgate emulator stop");
                return 0;
            } catch (RuntimeException | IOException e) {
                stop(process.toHandle());
                LocalEmulator.delete(project);
                err.println("smsgate emulator: start failed, moto stopped: " + e.getMessage());
                return 1;
            } finally {
                out.flush();
                err.flush();
            }
        }

        private Map<String, String> parameterOverrides() {
            EmulatorOptions options = new EmulatorOptions();
            options.parameters = parameters;
            return options.parameterOverrides();
        }

        /**
         * moto's server, detached from this JVM: its own session where {@code setsid} exists (so closing
         * the terminal does not stop it), output to the log, nothing on stdin.
         */
        private static Process launch(int port, Path log) throws IOException {
            String python = MotoPython.find();
            List<String> command = new ArrayList<>();
            if (new File("/usr/bin/setsid").canExecute()) {
                command.add("/usr/bin/setsid");
            }
            command.addAll(List.of(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port)));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
            File devNull = new File("/dev/null");
            if (devNull.exists()) {
                builder.redirectInput(ProcessBuilder.Redirect.from(devNull));
            }
            return builder.start();
        }

        private static void awaitReady(URI endpoint, Process process, Path log) throws IOException {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new EmulatorUnavailable("moto's server exited (see " + log + "); reinstall it with: pip install '" + MotoPython.REQUIREMENT + "'");
                }
                try {
                    http.send(HttpRequest.newBuilder(endpoint.resolve("/moto-api/")).timeout(Duration.ofSeconds(2)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return;
                } catch (IOException e) {
                    pause();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for moto");
                }
            }
            throw new IllegalStateException("moto's server did not answer within 30 s: " + tail(log));
        }

        /** Every table, topic, queue and secret of template.yaml (resources under a false condition are skipped). */
        private static List<String> provision(Stack stack) {
            Map<String, Integer> counts = new java.util.TreeMap<>();
            for (CloudFormationTemplate.Resource resource : stack.template().resources().values()) {
                if (!CREATED_TYPES.contains(resource.type())) {
                    continue;
                }
                try {
                    stack.physicalId(resource.logicalId());
                    counts.merge(resource.type().substring(resource.type().lastIndexOf(':') + 1), 1, Integer::sum);
                } catch (IllegalArgumentException e) {
                    // Not created under these parameters (a condition is false).
                }
            }
            return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey().toLowerCase(java.util.Locale.ROOT)
                    + (e.getValue() == 1 ? "" : "s")).toList();
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop the emulator emulator start left running.")
    static final class Stop implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            PrintWriter out = spec.commandLine().getOut();
            Project project = Project.locate();
            Optional<LocalEmulator> local = LocalEmulator.read(project);
            if (local.isEmpty()) {
                out.println("not running (no " + project.root().relativize(LocalEmulator.file(project).toAbsolutePath()) + ")");
                out.flush();
                return 0;
            }
            Optional<ProcessHandle> process = ProcessHandle.of(local.get().pid());
            if (process.isPresent() && LocalEmulator.isMoto(process.get())) {
                stop(process.get());
                out.println("stopped moto's server (pid " + local.get().pid() + "), stack " + local.get().stack() + " is gone with it");
            } else {
                out.println("was not running (pid " + local.get().pid() + " is gone or is not moto's server); state removed");
            }
            LocalEmulator.delete(project);
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Whether the local emulator runs (exit 0) or not (exit 1).")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Project project = Project.locate();
            Optional<LocalEmulator> local = LocalEmulator.read(project);
            try {
                if (local.isPresent() && local.get().alive()) {
                    out.println("running: " + local.get().emulator().describe() + ", stack " + local.get().stack()
                            + ", since " + local.get().startedAt());
                    return 0;
                }
                out.println("not running" + local.map(l -> " (pid " + l.pid() + " in " + LocalEmulator.file(project).getFileName()
                        + " is gone)").orElse("") + "; ./smsgate emulator start starts it");
                return 1;
            } finally {
                out.flush();
            }
        }
    }

    private static void stop(ProcessHandle process) {
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port", e);
        }
    }

    private static boolean portFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
