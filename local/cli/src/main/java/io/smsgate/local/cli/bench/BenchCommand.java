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
                + "burst: codes and replies at once against a paced, throttling End User Messaging.")
public final class BenchCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "BENCHMARK",
            description = "cold-start (fresh JVMs; optional FUNCTION [EVENT]), pipeline (texts through every function, warm), "
                    + "posting (PostingFunction warm, per path), or burst (codes and replies at once, paced).")
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

    @Parameters(index = "1", paramLabel = "FUNCTION", arity = "0..1",
            description = "cold-start: one function only (default: every function, each with its sample event).")
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
            return new ColdStartBench(System.out).run(emulator, emulatorOptions.parameterOverrides(), functions, runs,
                    stack -> PolicySeed.write(io.smsgate.local.emulator.Project.locate(), stack));
        }
    }
}
