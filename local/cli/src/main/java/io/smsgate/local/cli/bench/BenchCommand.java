package io.smsgate.local.cli.bench;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.UserError;
import io.smsgate.local.cli.policy.PolicySeed;
import io.smsgate.local.emulator.AwsEmulator;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code smsgate bench BENCHMARK}: benchmarks that print numbers. {@code cold-start} is
 * {@link ColdStartBench} (fresh JVMs per function: cold start against a bare handler, and the SnapStart
 * restore stand-in); {@code pipeline} and {@code posting} are warm.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print numbers. cold-start: every function in fresh JVMs, cold vs a bare handler and primed first vs warm; "
                + "pipeline: texts through every function, warm; posting: warm PostingFunction per message and the PIN check alone; "
                + "burst: codes and replies at once against a paced, throttling End User Messaging; "
                + "memory: every function's restore stand-in at several Lambda memory sizes (CPU share and memory enforced by a cgroup; root).")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BENCHMARK",
            description = "cold-start (fresh JVMs; optional FUNCTION [EVENT]), pipeline (texts through every function, warm), "
                    + "posting (PostingFunction warm, per path), burst (codes and replies at once, paced), "
                    + "or memory (fresh JVMs at --sizes; optional FUNCTION [EVENT]).")
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

    @Option(names = "--concurrency",
            description = "burst: the stack's SendConcurrency, executions per send queue (default: the template's).")
    Integer concurrency;

    @Option(names = "--delivery-events",
            description = "burst: the stand-in also publishes each text's delivery event, as the configuration set does "
                    + "(off by default: End User Messaging's own work, which here would load the emulator the sends wait on).")
    boolean deliveryEvents;

    @Option(names = "--sizes", split = ",", defaultValue = "512,1024,1769",
            description = "memory: Lambda memory sizes in MB to compare (default ${DEFAULT-VALUE}).")
    java.util.List<Integer> sizes;

    @Parameters(index = "1", paramLabel = "FUNCTION", arity = "0..1",
            description = "cold-start, memory: one function only (default: every function, each with its sample event).")
    String function;

    @Parameters(index = "2", paramLabel = "EVENT", arity = "0..1", description = "cold-start: the event for FUNCTION.")
    String event;

    @Option(names = "--runs", defaultValue = "5", description = "Fresh JVMs per handler (default ${DEFAULT-VALUE}).")
    int runs;

    @Mixin
    EmulatorOptions emulatorOptions;

    @Override
    public Integer call() throws Exception {
        if ("pipeline".equals(benchmark)) {
            return PipelineBench.run(emulatorOptions, texts);
        }
        if ("burst".equals(benchmark)) {
            return BurstBench.run(emulatorOptions, codes, texts, mps, concurrency, deliveryEvents);
        }
        if ("posting".equals(benchmark)) {
            PostingBenchCommand posting = new PostingBenchCommand();
            posting.messages = messages;
            posting.warmup = warmup;
            posting.emulatorOptions = emulatorOptions;
            return posting.call();
        }
        if (!"cold-start".equals(benchmark) && !"memory".equals(benchmark)) {
            throw new UserError("no benchmark " + benchmark + ": try bench cold-start, bench memory, bench pipeline, bench posting or bench burst");
        }
        if ("memory".equals(benchmark) && (sizes.isEmpty() || sizes.stream().anyMatch(size -> size < 128 || size > 10240))) {
            throw new UserError("bench memory: --sizes are Lambda memory sizes, 128 to 10240 MB");
        }
        Map<String, String> functions = ColdStartBench.FUNCTIONS;
        if (function != null) {
            String sample = event != null ? event : ColdStartBench.FUNCTIONS.get(function);
            if (sample == null) {
                throw new UserError("no sample event for " + function + ": give one (bench cold-start " + function
                        + " EVENT) or pick one of " + String.join(", ", ColdStartBench.FUNCTIONS.keySet()));
            }
            functions = Map.of(function, sample);
        }
        try (AwsEmulator emulator = emulatorOptions.start()) {
            if ("memory".equals(benchmark)) {
                return new MemorySweep(System.out).run(emulator, emulatorOptions.parameterOverrides(), functions, sizes, runs,
                        stack -> PolicySeed.write(io.smsgate.local.emulator.Project.locate(), stack));
            }
            return new ColdStartBench(System.out).run(emulator, emulatorOptions.parameterOverrides(), functions, runs,
                    stack -> PolicySeed.write(io.smsgate.local.emulator.Project.locate(), stack));
        }
    }
}
