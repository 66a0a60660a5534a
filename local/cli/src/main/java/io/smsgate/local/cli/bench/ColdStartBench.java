package io.smsgate.local.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.run.EventKind;
import io.smsgate.local.emulator.AwsEmulator;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneLink;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import io.smsgate.shared.security.SealContext;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * {@code smsgate bench cold-start [--runs N] [FUNCTION [EVENT]]}: for every function of template.yaml
 * (or the one named), in fresh JVMs against the emulator, on the function's own shaded jar (the artifact
 * Lambda runs, nothing of the command line's classpath behind it):
 * <ol>
 *   <li>a cold start without SnapStart: handler construction, the event's bytes handed to the stream
 *       handler as the runtime hands them, its first invocation (reading those bytes included), and the
 *       time from launch to the first answer, beside a bare stream handler that reads the same kind of
 *       event the same way and does nothing else;</li>
 *   <li>the stand-in for a SnapStart restore: build the handler, run its priming hooks, then the first
 *       invocation against a later warm one.</li>
 * </ol>
 * The runs interleave the functions, so drift on a shared machine spreads over all of them. Medians;
 * numbers, not assertions. The last lines have a fixed shape, one per function:
 * {@code cold start: <Function> <ms> ms vs bare <ms> ms (<r>x); primed first invoke <ms> ms vs warm <ms> ms (<q>x); jar <MB> MB}.
 */
public final class ColdStartBench {
    /** Each function with the sample event its benchmark sends: the path a real first event takes. */
    public static final Map<String, String> FUNCTIONS = orderedMap(
            "InboundSmsFunction", "events/inbound-sms/post.json",
            "CountryPolicyFunction", "events/country-policy/post-us.json",
            "PostingFunction", "events/posting/post.json",
            "VerificationApiFunction", "events/two-factor/start.json",
            "SendSmsFunction", "events/two-factor/send-text.json",
            "DeliveryReceiptFunction", "events/two-factor/delivery-code-delivered.json");
    /**
     * Policies stay: the functions read them; so do the phone links seeded for PostingFunction's senders (a post is
     * for a linked number). Every other table is emptied before each JVM, so budgets never trip.
     */
    private static final Set<String> KEPT_TABLES = Set.of("CountryPoliciesTable", "PhoneLinksTable");
    private static final Pattern COLD = Pattern.compile("PROBE init=([0-9.]+) read=([0-9.]+) invoke=([0-9.]+)");
    private static final Pattern PRIMED = Pattern.compile("PRIMED init=([0-9.]+) prime=([0-9.]+) first=([0-9.]+) warm=([0-9.]+)");
    /**
     * What the probe JVM needs beside the function's jar: the probe, the bare handlers, the local Context. No event
     * serializer: the handlers are stream handlers that read their own bytes, as in Lambda. The probe's own classes by
     * name, not the whole package: the other benchmarks live in it too.
     */
    private static final List<String> PROBE_ENTRIES = List.of("io/smsgate/local/cli/bench/ColdStart", "io/smsgate/local/cli/bench/Bare",
            "io/smsgate/local/emulator/LocalContext");

    private final PrintStream out;

    public ColdStartBench(PrintStream out) {
        this.out = out;
    }

    record Cold(double wallMs, double initMs, double readMs, double invokeMs) {
    }

    record Primed(double initMs, double primeMs, double firstMs, double warmMs) {
    }

    record Target(String function, String handler, EventKind kind, Path event, Path jar, Map<String, String> environment) {
    }

    /**
     * @param functions the functions to measure, each with its event file (relative to the project)
     * @param seed       writes the country policies (the stack starts empty)
     * @return the exit status
     */
    public int run(AwsEmulator emulator, Map<String, String> parameterOverrides, Map<String, String> functions, int runs,
                   java.util.function.Consumer<Stack> seed) throws Exception {
        if (runs < 1) {
            throw new IllegalArgumentException("--runs must be at least 1");
        }
        Project project = Project.locate();
        // Cold start is about the function, not the number's pace: a paced send would time the wait for
        // its slot (a second at the default rate). And about the function as deployed: the policy cache
        // keeps template.yaml's default (30 s), not the local stack's 1 s (there so a demo's policy change
        // shows at once), with which a warm invocation on a busy machine found its policy expired and read
        // it again, unlike a warm function in AWS. --parameter NAME=… still wins.
        Map<String, String> overrides = new java.util.HashMap<>(Map.of("SendRatePerSecond", "1000", "PolicyCacheSeconds", "30"));
        overrides.putAll(parameterOverrides);
        try (Stack stack = project.stack(emulator, overrides)) {
            seed.accept(stack);
            if (functions.containsKey("PostingFunction")) {
                linkPostingSenders(stack, project.resolve(functions.get("PostingFunction")));
            }
            List<Target> targets = new ArrayList<>();
            functions.forEach((function, event) -> targets.add(target(project, stack, function, event)));
            Path probeJar = probeJar(project);
            out.printf("cold start, %d fresh JVMs per function and mode, java %s, against %s%n", runs, Runtime.version(),
                    emulator.describe());
            Map<String, List<Cold>> cold = new LinkedHashMap<>();
            Map<String, List<Cold>> bare = new LinkedHashMap<>();
            Map<String, List<Primed>> primed = new LinkedHashMap<>();
            for (int i = 1; i <= runs; i++) {
                for (Target target : targets) {
                    String classpath = probeJar + File.pathSeparator + target.jar();
                    empty(stack);
                    Cold real = cold(classpath, target.handler(), target);
                    Cold baseline = cold(classpath, bareHandler(target), target);
                    empty(stack);
                    Primed restored = primed(classpath, target);
                    cold.computeIfAbsent(target.function(), k -> new ArrayList<>()).add(real);
                    bare.computeIfAbsent(target.function(), k -> new ArrayList<>()).add(baseline);
                    primed.computeIfAbsent(target.function(), k -> new ArrayList<>()).add(restored);
                    out.printf("  run %d %-24s %s | bare %5.0f ms | %s%n", i, target.function(), format(real), baseline.wallMs(),
                            format(restored));
                }
            }
            out.println("medians:");
            for (Target target : targets) {
                Cold real = medianCold(cold.get(target.function()));
                out.printf("  %-24s %s | bare %5.0f ms | %s%n", target.function(), format(real),
                        medianCold(bare.get(target.function())).wallMs(), format(medianPrimed(primed.get(target.function()))));
            }
            for (Target target : targets) {
                out.println(summary(target.function(), medianCold(cold.get(target.function())),
                        medianCold(bare.get(target.function())), medianPrimed(primed.get(target.function())),
                        Files.size(target.jar())));
            }
            return 0;
        }
    }

    /** The fixed last line for one function. */
    static String summary(String function, Cold real, Cold bare, Primed primed, long jarBytes) {
        return String.format(java.util.Locale.ROOT,
                "cold start: %s %.0f ms vs bare %.0f ms (%.1fx); primed first invoke %.0f ms vs warm %.0f ms (%.1fx); jar %.1f MB",
                function, real.wallMs(), bare.wallMs(), real.wallMs() / bare.wallMs(), primed.firstMs(), primed.warmMs(),
                primed.firstMs() / primed.warmMs(), jarBytes / 1e6);
    }

    static Target target(Project project, Stack stack, String function, String event) {
        var resource = stack.template().resource(function)
                .filter(r -> "AWS::Serverless::Function".equals(r.type()))
                .orElseThrow(() -> new IllegalArgumentException("template.yaml has no function " + function
                        + ": try one of " + String.join(", ", FUNCTIONS.keySet())));
        Path jar = project.resolve(String.valueOf(resource.properties().get("CodeUri")));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no " + project.root().relativize(jar) + ": build first with ./smsgate build");
        }
        Path eventFile = project.resolve(event);
        if (!Files.isRegularFile(eventFile)) {
            throw new IllegalArgumentException("no event file " + event);
        }
        return new Target(function, stack.handler(function).split("::")[0], EventKind.of(resource), eventFile, jar,
                stack.functionEnvironment(function));
    }

    /** A stream handler of the same shape as the function's, reading the same kind of event and doing nothing with it. */
    private static String bareHandler(Target target) {
        return switch (target.kind()) {
            case SNS -> BareHandler.class.getName();
            case SQS -> BareQueueHandler.class.getName();
            case HTTP_API -> BareApiHandler.class.getName();
        };
    }

    /** What a posting sample asks of its sender's link: the PIN its text starts with, and when the text was received. */
    record SamplePost(String pin, Instant receivedAt) {
        /** Read from the sample itself (its sealed text opened with the development key), so a new sample keeps working. */
        static SamplePost of(Path event) throws IOException {
            JsonNode command = Json.tree(Json.tree(Files.readString(event)).path("Records").path(0).path("Sns").path("Message").asText());
            String text = KEYS.openText(command.path("sealedText").asText(), SealContext.inbound(command.path("inboundMessageId").asText()));
            return new SamplePost(text.strip().split("\\s+", 2)[0], Instant.parse(command.path("receivedAt").asText()));
        }
    }

    private static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);

    /**
     * PostingFunction's sample is a POST with a PIN from a fictional UK number, which the probe makes a fresh one of
     * ({@link ColdStartProbe#fictionalUk}) for each invocation: each is linked to an account of its own two days before
     * the event's text was received (the cooling-off is judged by that), SMS posting on, the sample's PIN set. Without
     * the links every post was refused as NOT_LINKED before its PIN check, its writes and its publishes: the bench timed
     * a refusal, not a post.
     */
    static void linkPostingSenders(Stack stack, Path event) throws IOException {
        SamplePost sample = SamplePost.of(event);
        // One hash for every link: each is checked against its own stored salt and iterations.
        String pinHash = new PinHasher(KEYS, PinHasher.DEFAULT_ITERATIONS).hash(sample.pin());
        Instant linkedAt = sample.receivedAt().minus(Duration.ofDays(2));
        // Written as the links' own items, 25 to a request (linking one by one through the API's path is 5 calls a number).
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < ColdStartProbe.FICTIONAL_UK_NUMBERS; i++) {
            PhoneNumber number = PhoneNumbers.trusted(ColdStartProbe.fictionalUk(i));
            String phoneKey = KEYS.phoneKey(number);
            PhoneLink link = new PhoneLink(phoneKey, "bench-poster-" + i, KEYS.seal(number, SealContext.link(phoneKey)).sealed(),
                    number.country().value(), linkedAt, linkedAt, true, pinHash, 0, null, false);
            writes.add(WriteRequest.builder().putRequest(r -> r.item(DynamoPhoneLinks.toItem(link))).build());
        }
        String table = stack.physicalId("PhoneLinksTable");
        for (int from = 0; from < writes.size(); from += 25) {
            Map<String, List<WriteRequest>> batch = Map.of(table, writes.subList(from, Math.min(writes.size(), from + 25)));
            while (!batch.isEmpty()) {
                Map<String, List<WriteRequest>> pending = batch;
                batch = stack.dynamoDb().batchWriteItem(r -> r.requestItems(pending)).unprocessedItems();
            }
        }
    }

    /** Every item out of every table but the policies, so each JVM starts from the same state. */
    static void empty(Stack stack) {
        for (String table : stack.tables()) {
            if (KEPT_TABLES.contains(table)) {
                continue;
            }
            String name = stack.physicalId(table);
            var keys = stack.dynamoDb().describeTable(r -> r.tableName(name)).table().keySchema();
            for (var item : stack.scan(table)) {
                Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key = new LinkedHashMap<>();
                keys.forEach(k -> key.put(k.attributeName(), item.get(k.attributeName())));
                stack.dynamoDb().deleteItem(r -> r.tableName(name).key(key));
            }
        }
    }

    /**
     * A jar of only what the probe JVM needs from the command line's jar, so a class missing from a
     * function's jar fails the benchmark instead of being found behind it.
     */
    static Path probeJar(Project project) throws Exception {
        Path cliJar = Path.of(ColdStartBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(cliJar)) {
            throw new IllegalArgumentException("bench cold-start runs from the built command line: ./smsgate bench cold-start");
        }
        Path probe = project.resolve("local/cli/target/cold-start-probe.jar");
        Files.createDirectories(probe.getParent());
        try (JarFile source = new JarFile(cliJar.toFile());
             OutputStream file = Files.newOutputStream(probe);
             JarOutputStream jar = new JarOutputStream(file)) {
            for (JarEntry entry : source.stream().toList()) {
                if (entry.isDirectory() || PROBE_ENTRIES.stream().noneMatch(entry.getName()::startsWith)) {
                    continue;
                }
                jar.putNextEntry(new JarEntry(entry.getName()));
                try (InputStream in = source.getInputStream(entry)) {
                    in.transferTo(jar);
                }
                jar.closeEntry();
            }
        }
        return probe;
    }

    private static Cold cold(String classpath, String handler, Target target) throws Exception {
        Answer answer = probe(List.of(), classpath, "cold", handler, target, COLD);
        Matcher found = answer.line();
        return new Cold(answer.wallMs(), Double.parseDouble(found.group(1)), Double.parseDouble(found.group(2)), Double.parseDouble(found.group(3)));
    }

    private static Primed primed(String classpath, Target target) throws Exception {
        return primed(List.of(), classpath, target);
    }

    /** The restore stand-in in a JVM started through {@code launcher} (for example into a {@link LambdaSizedCgroup}). */
    static Primed primed(List<String> launcher, String classpath, Target target) throws Exception {
        Matcher found = probe(launcher, classpath, "primed", target.handler(), target, PRIMED).line();
        return new Primed(Double.parseDouble(found.group(1)), Double.parseDouble(found.group(2)), Double.parseDouble(found.group(3)),
                Double.parseDouble(found.group(4)));
    }

    /** The probe's line and the time from launching its JVM to reading that line (the JVM's exit is not counted). */
    private record Answer(Matcher line, double wallMs) {
    }

    private static Answer probe(List<String> launcher, String classpath, String mode, String handler, Target target, Pattern expected)
            throws Exception {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC", "-Xshare:auto"));
        // For looking inside a run: e.g. SMSGATE_BENCH_JVM_OPTIONS="-Xlog:class+load:file=/tmp/classes.txt" (with --runs 1).
        String extra = System.getenv("SMSGATE_BENCH_JVM_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-cp", classpath, ColdStartProbe.class.getName(), mode, handler, target.event().toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(target.environment());
        builder.environment().put("AWS_LAMBDA_LOG_FORMAT", "JSON");
        builder.redirectErrorStream(true);
        long start = System.nanoTime();
        Process process = builder.start();
        Matcher found = null;
        double wall = 0;
        StringBuilder output = new StringBuilder();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher matcher = expected.matcher(line);
                if (matcher.find()) {
                    wall = (System.nanoTime() - start) / 1e6;
                    found = matcher;
                    break;
                }
                output.append(line).append('\n');
            }
            if (found != null) {
                lines.transferTo(java.io.Writer.nullWriter());
            }
        }
        if ("1".equals(System.getenv("SMSGATE_BENCH_VERBOSE"))) {
            System.err.print(output);
        }
        if (process.waitFor() != 0 || found == null) {
            throw new IllegalStateException(mode + " probe of " + handler + " (" + target.function() + ") failed:\n" + output);
        }
        return new Answer(found, wall);
    }

    static Cold medianCold(List<Cold> runs) {
        return new Cold(median(runs.stream().mapToDouble(Cold::wallMs).toArray()),
                median(runs.stream().mapToDouble(Cold::initMs).toArray()),
                median(runs.stream().mapToDouble(Cold::readMs).toArray()),
                median(runs.stream().mapToDouble(Cold::invokeMs).toArray()));
    }

    static Primed medianPrimed(List<Primed> runs) {
        return new Primed(median(runs.stream().mapToDouble(Primed::initMs).toArray()),
                median(runs.stream().mapToDouble(Primed::primeMs).toArray()),
                median(runs.stream().mapToDouble(Primed::firstMs).toArray()),
                median(runs.stream().mapToDouble(Primed::warmMs).toArray()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    private static String format(Cold run) {
        return String.format("first answer %5.0f ms (init %5.0f, read %4.0f, invoke %4.0f)", run.wallMs(), run.initMs(), run.readMs(),
                run.invokeMs());
    }

    private static String format(Primed run) {
        return String.format("primed: init %5.0f, hooks %4.0f, first %4.0f, warm %4.0f ms", run.initMs(), run.primeMs(), run.firstMs(),
                run.warmMs());
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
