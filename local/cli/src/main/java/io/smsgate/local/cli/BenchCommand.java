package io.smsgate.local.cli;

import io.smsgate.local.cli.bench.BareHandler;
import io.smsgate.local.cli.bench.ColdStartProbe;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code smsgate bench cold-start FUNCTION EVENT}: the first invocation in a fresh JVM, N times, for
 * the function's shaded jar (the artifact Lambda runs) and for a handler that does nothing, against
 * the emulator. Prints each run and the medians; numbers, not assertions.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print numbers. cold-start: first invocation in a fresh JVM, function vs a bare handler; "
                + "pipeline: texts through every function, warm; posting: warm PostingFunction per message and the PIN check alone; "
                + "burst: codes and replies at once against a paced, throttling End User Messaging.")
final class BenchCommand implements Callable<Integer> {
    private static final Pattern PROBE = Pattern.compile("PROBE init=([0-9.]+) read=([0-9.]+) invoke=([0-9.]+)");

    @Parameters(index = "0", paramLabel = "BENCHMARK",
            description = "cold-start (FUNCTION EVENT: fresh JVMs), pipeline (texts through every function, warm), "
                    + "or posting (PostingFunction warm, per path).")
    String benchmark;

    @Option(names = "--texts", defaultValue = "30", description = "pipeline: texts to time after 5 warm-up texts; burst: replies requested at once (default ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--messages", defaultValue = "200", description = "posting: measured messages per path (default ${DEFAULT-VALUE}).")
    int messages;

    @Option(names = "--warmup", defaultValue = "100", description = "posting: unmeasured messages per path first (default ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--codes", defaultValue = "300", description = "burst: codes requested at once (default ${DEFAULT-VALUE}).")
    int codes;

    @Option(names = "--mps", defaultValue = "10", description = "burst: messages per second the number may send (default ${DEFAULT-VALUE}).")
    double mps;

    @Parameters(index = "1", paramLabel = "FUNCTION", defaultValue = "InboundSmsFunction")
    String function;

    @Parameters(index = "2", paramLabel = "EVENT", defaultValue = "events/inbound-sms/post.json")
    String event;

    @Option(names = "--runs", defaultValue = "5", description = "Fresh JVMs per handler (default ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    EmulatorOptions emulatorOptions;

    private record Run(double wallMs, double initMs, double readMs, double invokeMs) {
    }

    @Override
    public Integer call() throws Exception {
        if ("pipeline".equals(benchmark)) {
            return PipelineBench.run(emulatorOptions, texts);
        }
        if ("burst".equals(benchmark)) {
            return BurstBench.run(emulatorOptions, codes, texts, mps);
        }
        if ("posting".equals(benchmark)) {
            PostingBenchCommand posting = new PostingBenchCommand();
            posting.messages = messages;
            posting.warmup = warmup;
            posting.emulatorOptions = emulatorOptions;
            return posting.call();
        }
        if (!"cold-start".equals(benchmark)) {
            throw new UserError("no benchmark " + benchmark + ": try bench cold-start, bench pipeline, bench posting or bench burst");
        }
        Project project = Project.locate();
        Path eventFile = project.resolve(event);
        try (AwsEmulator emulator = emulatorOptions.start();
             Stack stack = project.stack(emulator, emulatorOptions.parameterOverrides())) {
            Path functionJar = project.resolve(String.valueOf(stack.template().resource(function).orElseThrow()
                    .properties().get("CodeUri")));
            if (!Files.isRegularFile(functionJar)) {
                throw new UserError("no " + functionJar + ": build first with ./smsgate build");
            }
            Path cliJar = Path.of(BenchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            String classpath = functionJar + File.pathSeparator + cliJar;
            Map<String, String> environment = stack.functionEnvironment(function);

            System.out.printf("cold start, %d fresh JVMs each, java %s, against %s%n", runs, Runtime.version(), emulator.describe());
            System.out.printf("function jar %s: %.1f MB%n", project.root().relativize(functionJar), Files.size(functionJar) / 1e6);
            List<Run> bare = new ArrayList<>();
            List<Run> real = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                // Fresh resources each run, so every invocation does the full first-time work.
                real.add(probe(classpath, stack.handler(function).split("::")[0], eventFile, environment));
                bare.add(probe(classpath, BareHandler.class.getName(), eventFile, environment));
                stack.scan("IdempotencyTable").forEach(item -> stack.dynamoDb().deleteItem(r -> r
                        .tableName(stack.physicalId("IdempotencyTable")).key(Map.of("pk", item.get("pk")))));
                System.out.printf("  run %d: %-18s %s%n         %-18s %s%n", i + 1, function, format(real.getLast()),
                        "BareHandler", format(bare.getLast()));
            }
            System.out.printf("median   %-18s %s%n         %-18s %s%n", function, format(median(real)), "BareHandler", format(median(bare)));
            return 0;
        }
    }

    private static Run probe(String classpath, String handler, Path event, Map<String, String> environment) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xshare:auto", "-Dlog4j2.configurationFile=log4j2.xml",
                "-cp", classpath, ColdStartProbe.class.getName(), handler, event.toString()));
        builder.environment().putAll(environment);
        builder.environment().put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        builder.redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        Double wall = null;
        Matcher found = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher matcher = PROBE.matcher(line);
                if (matcher.find()) {
                    wall = (System.nanoTime() - start) / 1e6;
                    found = matcher;
                } else {
                    output.append(line).append('\n');
                }
            }
        }
        if (process.waitFor() != 0 || found == null) {
            throw new IllegalStateException("probe of " + handler + " failed:\n" + output);
        }
        return new Run(wall, Double.parseDouble(found.group(1)), Double.parseDouble(found.group(2)),
                Double.parseDouble(found.group(3)));
    }

    private static Run median(List<Run> runs) {
        return new Run(median(runs.stream().mapToDouble(Run::wallMs).toArray()),
                median(runs.stream().mapToDouble(Run::initMs).toArray()),
                median(runs.stream().mapToDouble(Run::readMs).toArray()),
                median(runs.stream().mapToDouble(Run::invokeMs).toArray()));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String format(Run run) {
        return String.format("first response %5.0f ms after launch: handler init %5.0f, event read %4.0f, first invoke %4.0f ms",
                run.wallMs(), run.initMs(), run.readMs(), run.invokeMs());
    }
}
