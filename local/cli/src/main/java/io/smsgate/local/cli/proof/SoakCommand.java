package io.smsgate.local.cli.proof;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.run.HandlerInvoker;
import io.smsgate.local.cli.run.LocalSystem;
import io.smsgate.local.cli.run.LocalTarget;
import io.smsgate.local.cli.run.Pipeline;
import io.smsgate.local.cli.run.Report;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code smsgate soak}: a mixed workload through the whole local pipeline with seeded faults in every
 * function's AWS calls and every message delivered 1–3 times in shuffled order, then the books: every
 * post once, every PostCreated, at most one text per request, no limit exceeded, no crash, every dead
 * letter explained. Ends with one line of figures; exits 1 when any is not 0, 2 on a user error.
 */
@Command(name = "soak", mixinStandardHelpOptions = true,
        description = "Drive a mixed workload through the local pipeline under seeded faults and redelivery, then audit the books.")
public final class SoakCommand implements Callable<Integer> {
    static final int MAX_TEXTS = 2500;

    @Option(names = "--texts", paramLabel = "N", defaultValue = "200", description = "Texts to send (default ${DEFAULT-VALUE}).")
    int texts;

    @Option(names = "--verifications", paramLabel = "M", defaultValue = "50",
            description = "Verifications to drive: start, resend, check (default ${DEFAULT-VALUE}).")
    int verifications;

    @Option(names = "--faults", paramLabel = "P", defaultValue = "0.05",
            description = "The fraction of AWS call attempts that fail, before or after the request (default ${DEFAULT-VALUE}).")
    double faults;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds the workload, the faults and the delivery order.")
    long seed;

    @Option(names = "--copies", paramLabel = "C", defaultValue = "3", description = "Each message delivered 1 to C times (default ${DEFAULT-VALUE}).")
    int copies;

    @Option(names = "--details", paramLabel = "K", defaultValue = "10", description = "Findings printed per figure (default ${DEFAULT-VALUE}).")
    int details;

    @Mixin
    EmulatorOptions emulatorOptions;

    @Override
    public Integer call() {
        String wrong = texts < 1 || texts > MAX_TEXTS ? "--texts is between 1 and " + MAX_TEXTS
                : verifications < 0 || verifications > 2000 ? "--verifications is between 0 and 2000"
                : faults < 0 || faults > 0.5 ? "--faults is a fraction between 0 and 0.5"
                : copies < 1 || copies > 5 ? "--copies is between 1 and 5" : null;
        if (wrong != null) {
            System.err.println("smsgate soak: " + wrong + " (see ./smsgate soak --help)");
            return 2;
        }
        long started = System.nanoTime();
        Report report = new Report(System.out);
        List<String> parameters = new ArrayList<>(emulatorOptions.parameters);
        if (parameters.stream().noneMatch(p -> p.startsWith("PostingCoolingOffSeconds="))) {
            // Long enough that a post sent inside it is still inside it after retries under faults.
            parameters.add("PostingCoolingOffSeconds=10");
        }
        emulatorOptions.parameters = parameters;
        try (LocalTarget target = LocalTarget.open(Project.locate(), emulatorOptions, true, false);
             LogCapture capture = LogCapture.start()) {
            Stack stack = target.stack();
            target.describe(report);
            FaultInjector injector = new FaultInjector(seed, faults);
            Pipeline pipeline = new Pipeline(stack, (function, environment) ->
                    environment.withClientInterceptors(List.of(injector.forFunction(function))));
            HandlerInvoker api = HandlerInvoker.create(stack.handler(LocalSystem.API_FUNCTION),
                    new Environment(stack.functionEnvironment(LocalSystem.API_FUNCTION))
                            .withClientInterceptors(List.of(injector.forFunction(LocalSystem.API_FUNCTION))));
            ChaoticDelivery delivery = new ChaoticDelivery(stack, pipeline, new Random(seed * 31 + 7), copies);
            Duration coolingOff = Duration.ofSeconds(Long.parseLong(stack.parameter("PostingCoolingOffSeconds").orElse("10")));
            Duration policyCache = Duration.ofSeconds(Long.parseLong(stack.parameter("PolicyCacheSeconds").orElse("30")));
            SoakRun run = new SoakRun(stack, injector, delivery, api, capture, new Random(seed), coolingOff, policyCache);
            report.heading(String.format("soak: %d texts, %d verifications, fault rate %.3f, seed %d, 1-%d copies per message",
                    texts, verifications, faults, seed, copies));
            run.stage(texts);
            report.line(String.format("staged %d linked accounts with SMS posting on, and waited out their cooling-off: %.1f s since start", run.accounts().size(),
                    (System.nanoTime() - started) / 1e9));
            run.play(texts, verifications, report);
            SoakAudit.Books books = SoakAudit.audit(stack, pipeline, run, delivery, capture.lines());
            print(report, run, delivery, injector, books, started);
            System.out.printf("soak: %d texts, %d verifications, %d faults injected: duplicate posts %d, lost PostCreated %d, "
                            + "duplicate texts %d, lost texts %d, limit overruns %d, unexplained dead letters %d, handler crashes %d%n",
                    run.sent().size(), run.verifications().size(), injector.injected().size(), books.count("duplicate posts"),
                    books.count("lost PostCreated"), books.count("duplicate texts"), books.count("lost texts"),
                    books.count("limit overruns"), books.count("unexplained dead letters"), books.count("handler crashes"));
            return books.clean() ? 0 : 1;
        }
    }

    private void print(Report report, SoakRun run, ChaoticDelivery delivery, FaultInjector injector, SoakAudit.Books books,
                       long started) {
        Map<SoakRun.Category, Integer> categories = new EnumMap<>(SoakRun.Category.class);
        run.sent().forEach(s -> categories.merge(s.category(), 1, Integer::sum));
        Map<String, Integer> faultKinds = new TreeMap<>();
        injector.injected().forEach(f -> faultKinds.merge(f.kind() + " " + f.when(), 1, Integer::sum));
        Map<String, Integer> faultsWhere = new TreeMap<>();
        injector.injected().forEach(f -> faultsWhere.merge(f.function() + " " + f.service() + "." + f.operation(), 1, Integer::sum));
        report.heading("workload");
        report.line("texts        " + categories);
        long approved = run.verifications().stream().filter(v -> v.approved).count();
        Map<SoakRun.Plan, Integer> plans = new EnumMap<>(SoakRun.Plan.class);
        run.verifications().forEach(v -> plans.merge(v.plan, 1, Integer::sum));
        report.line("verifications " + plans + ", approved " + approved + ", " + run.apiCalls() + " API calls");
        run.verifications().stream().filter(v -> v.note != null && v.plan != SoakRun.Plan.LOCKOUT).limit(details)
                .forEach(v -> report.line("  verification " + v.index + " (" + v.plan + ", " + v.id + "): " + v.note));
        report.line(String.format("delivery     %d messages, %d invocations, %d failed invocations",
                delivery.messages(), delivery.invocations(), delivery.failures().size()));
        report.line("faults       " + faultKinds);
        report.line("faults where " + faultsWhere);
        report.line(String.format("books        %d posts, %d PostCreated, %d send requests, %d texts, %d declared UNKNOWN, "
                        + "%d dead letters explained by injected faults", books.posts, books.postCreated, books.requests, books.texts,
                books.unknownOutcomes, books.explainedDeadLetters));
        report.line("             of which " + books.explainedByLease + " met a claim a failed attempt left in progress; "
                + "not sent, with the reason logged: " + books.notSentReasons);
        books.postedAfterCoolingOff.stream().limit(details).forEach(who -> report.line("  note: " + who
                + ": sent inside its cooling-off, posted after it ended (judged by processing time, not receivedAt)"));
        books.findings.forEach((figure, findings) -> {
            if (!findings.isEmpty()) {
                report.heading(figure + ": " + findings.size());
                findings.stream().limit(details).forEach(f -> report.line("  " + f));
                if (findings.size() > details) {
                    report.line("  ... and " + (findings.size() - details) + " more (--details)");
                }
            }
        });
        report.heading(String.format("soak ran %.1f s", (System.nanoTime() - started) / 1e9));
    }
}
