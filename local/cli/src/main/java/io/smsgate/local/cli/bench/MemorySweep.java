package io.smsgate.local.cli.bench;

import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import java.io.File;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code smsgate bench memory}: each function's SnapStart restore stand-in (its own jar, a fresh JVM) at several
 * Lambda memory sizes, each JVM in a {@link LambdaSizedCgroup} that gives it that memory and Lambda's CPU share
 * for it. Per size: handler init, the primed first invocation, a warm one, the peak memory, and the GB-seconds a
 * warm invocation bills. Then the size picked by {@link #choose}, the rule the template's MemorySize follows.
 *
 * <p>What it cannot show: Lambda's own network latency to DynamoDB (moto answers here, slower), and Lambda's
 * burst behaviour inside a CFS period. So durations are upper bounds, and the rule compares sizes with each other
 * on the same host rather than trusting absolute figures.
 */
final class MemorySweep {
    /** A size is kept within this factor of the best size's latency. */
    static final double LATENCY_TOLERANCE = 1.5;
    /** Memory a size must leave free: its peak may use at most this share. */
    static final double MEMORY_HEADROOM = 0.8;

    private final PrintStream out;

    MemorySweep(PrintStream out) {
        this.out = out;
    }

    /** One size's medians. */
    record Size(int memoryMb, double initMs, double firstMs, double warmMs, long peakBytes) {
        double gbSecondsPerWarmInvoke() {
            // Lambda bills duration in 1 ms steps.
            return memoryMb / 1024.0 * Math.ceil(warmMs) / 1000.0;
        }

        boolean fits() {
            return peakBytes >= 0 && peakBytes <= MEMORY_HEADROOM * memoryMb * 1024L * 1024L;
        }
    }

    /** The functions a person waits on (the code request and its text): their first invocation after a restore counts too. */
    static final java.util.Set<String> WAITED_ON = java.util.Set.of("VerificationApiFunction", "SendSmsFunction");

    /**
     * The size to run at: of the sizes whose peak leaves {@link #MEMORY_HEADROOM} free and whose warm
     * invocation is within {@link #LATENCY_TOLERANCE} of the fastest size's (for a function a person waits on,
     * its primed first invocation too), the one a warm invocation bills fewest GB-seconds for (the smaller on a
     * tie). If none qualifies, the largest size. A first invocation happens once per execution environment, a
     * warm one per message: for the rest, only the warm one sets the price.
     */
    static Size choose(List<Size> sizes, boolean waitedOn) {
        double bestWarm = sizes.stream().mapToDouble(Size::warmMs).min().orElseThrow();
        double bestFirst = sizes.stream().mapToDouble(Size::firstMs).min().orElseThrow();
        return sizes.stream()
                .filter(Size::fits)
                .filter(s -> s.warmMs() <= LATENCY_TOLERANCE * bestWarm && (!waitedOn || s.firstMs() <= LATENCY_TOLERANCE * bestFirst))
                .min(Comparator.comparingDouble(Size::gbSecondsPerWarmInvoke).thenComparingInt(Size::memoryMb))
                .orElseGet(() -> sizes.stream().max(Comparator.comparingInt(Size::memoryMb)).orElseThrow());
    }

    int run(AwsEmulator emulator, Map<String, String> parameterOverrides, Map<String, String> functions, List<Integer> sizes,
            int runs, Consumer<Stack> seed) throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        // Before any stack: a machine that cannot make a group says so before minutes of setup.
        LambdaSizedCgroup.create(sizes.get(0)).close();
        Project project = Project.locate();
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("SendRatePerSecond", "1000"));
        overrides.putAll(parameterOverrides);
        try (Stack stack = project.stack(emulator, overrides)) {
            seed.accept(stack);
            if (functions.containsKey("PostingFunction")) {
                // As in bench cold-start: a post from a linked number, not a NOT_LINKED refusal.
                ColdStartBench.linkPostingSenders(stack, project.resolve(functions.get("PostingFunction")));
            }
            List<ColdStartBench.Target> targets = new ArrayList<>();
            functions.forEach((function, event) -> targets.add(ColdStartBench.target(project, stack, function, event)));
            String probeJar = ColdStartBench.probeJar(project).toString();
            out.printf("memory sizes %s MB, %d fresh JVMs each, CPU at Lambda's share (%d MB = 1 vCPU), java %s, against %s%n",
                    sizes, runs, LambdaSizedCgroup.FULL_VCPU_MB, Runtime.version(), emulator.describe());
            Map<String, Map<Integer, List<ColdStartBench.Primed>>> primed = new LinkedHashMap<>();
            Map<String, Map<Integer, List<Long>>> peaks = new LinkedHashMap<>();
            for (int i = 1; i <= runs; i++) {
                for (ColdStartBench.Target target : targets) {
                    for (int size : sizes) {
                        ColdStartBench.empty(stack);
                        ColdStartBench.Primed run;
                        long peak;
                        try (LambdaSizedCgroup group = LambdaSizedCgroup.create(size)) {
                            run = ColdStartBench.primed(group.launcher(), probeJar + File.pathSeparator + target.jar(), target);
                            peak = group.peakBytes();
                        }
                        primed.computeIfAbsent(target.function(), k -> new LinkedHashMap<>()).computeIfAbsent(size, k -> new ArrayList<>()).add(run);
                        peaks.computeIfAbsent(target.function(), k -> new LinkedHashMap<>()).computeIfAbsent(size, k -> new ArrayList<>()).add(peak);
                        out.printf(Locale.ROOT, "  run %d %-24s %5d MB: init %5.0f ms, first %5.0f ms, warm %5.0f ms, peak %4.0f MB%n", i,
                                target.function(), size, run.initMs(), run.firstMs(), run.warmMs(), peak / 1048576.0);
                    }
                }
            }
            for (ColdStartBench.Target target : targets) {
                List<Size> measured = new ArrayList<>();
                for (int size : sizes) {
                    List<ColdStartBench.Primed> runsAtSize = primed.get(target.function()).get(size);
                    ColdStartBench.Primed median = ColdStartBench.medianPrimed(runsAtSize);
                    long peak = peaks.get(target.function()).get(size).stream().mapToLong(Long::longValue).max().orElse(-1);
                    Size result = new Size(size, median.initMs(), median.firstMs(), median.warmMs(), peak);
                    measured.add(result);
                    out.println(line(target.function(), result));
                }
                Size chosen = choose(measured, WAITED_ON.contains(target.function()));
                out.printf(Locale.ROOT, "memory: %s picks %d MB%n", target.function(), chosen.memoryMb());
            }
            return 0;
        }
    }

    static String line(String function, Size size) {
        return String.format(Locale.ROOT,
                "memory: %s %d MB: init %.0f ms, primed first invoke %.0f ms, warm %.0f ms, peak %.0f MB, %.6f GB-s per warm invoke",
                function, size.memoryMb(), size.initMs(), size.firstMs(), size.warmMs(), size.peakBytes() / 1048576.0,
                size.gbSecondsPerWarmInvoke());
    }
}
