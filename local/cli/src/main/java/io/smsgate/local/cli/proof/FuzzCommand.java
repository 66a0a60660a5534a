package io.smsgate.local.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.run.EventKind;
import io.smsgate.local.cli.run.HandlerInvoker;
import io.smsgate.local.cli.run.LocalTarget;
import io.smsgate.local.cli.run.Report;
import io.smsgate.local.emulator.CloudFormationTemplate;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code smsgate fuzz}: K hostile payloads for every function of template.yaml, each handed to its
 * handler the way the runtime does (the payload's bytes to the stream handler, which reads them itself,
 * so a payload that is not its event at all reaches it too). The handler must process or reject
 * each with a logged reason code and never throw anything but a declared transient fault; no log line
 * may carry a phone number, a code or a PIN from the payload. A function whose event type has no
 * generator fails the run. Ends with one line of figures; exits 1 on a crash, a leak or a function
 * without a generator, 2 on a user error.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
        description = "Hostile payloads for every handler in template.yaml: zero crashes, zero leaks, every rejection with a reason.")
public final class FuzzCommand implements Callable<Integer> {
    private static final Pattern REASON = Pattern.compile("reason=([A-Z][A-Z0-9_]+)");
    private static final Pattern BODY_ERROR = Pattern.compile("\"(?:error|reason)\"\\s*:\\s*\"([A-Z][A-Z0-9_]+)\"");
    private static final Pattern NUMBERISH = Pattern.compile("\\+?\\p{Nd}[\\p{Nd} ]{6,18}\\p{Nd}");
    private static final Pattern PIN_FIRST = Pattern.compile("^(\\p{Nd}{4,8})\\s");
    private static final Pattern TIMESTAMP = Pattern.compile("\"timestamp\":\"[^\"]*\"");
    /** A UUID-shaped id (inbound, SNS, request ids): the id the sender chose, never a number, PIN or code. */
    private static final Pattern UUID_SHAPED = Pattern.compile("(?i)(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])");
    /** The numbers inside the samples' seals: no payload shows them, a handler that opens a seal may. */
    private static final List<String> SEALED_NUMBERS = List.of("447700900123", "33612345678");

    @Option(names = "--cases", paramLabel = "K", defaultValue = "1000", description = "Payloads per handler (default ${DEFAULT-VALUE}).")
    int cases;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seeds every payload (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--function", paramLabel = "NAME", description = "Fuzz only this function (a logical id in template.yaml).")
    String only;

    @Option(names = "--details", paramLabel = "K", defaultValue = "10", description = "Crashes and leaks printed per handler (default ${DEFAULT-VALUE}).")
    int details;

    @Mixin
    EmulatorOptions emulatorOptions;

    private record Target(String function, HandlerInvoker handler, EventKind kind, Supplier<JsonNode> generator) {
    }

    @Override
    public Integer call() {
        if (cases < 1 || cases > 10_000_000) {
            System.err.println("smsgate fuzz: --cases is between 1 and 10000000 (see ./smsgate fuzz --help)");
            return 2;
        }
        long started = System.nanoTime();
        Report report = new Report(System.out);
        Project project = Project.locate();
        try (LocalTarget target = LocalTarget.open(project, emulatorOptions, true, false);
             LogCapture capture = LogCapture.start()) {
            Stack stack = target.stack();
            target.describe(report);
            List<String> missing = new ArrayList<>();
            List<Target> targets = targets(stack, project.root().resolve("events"), missing);
            if (only != null && targets.stream().noneMatch(t -> t.function().equals(only)) && !missing.contains(only)) {
                System.err.println("smsgate fuzz: template.yaml has no function " + only);
                return 2;
            }
            long total = 0;
            long crashes = 0;
            long leaks = 0;
            Map<String, Long> rejections = new TreeMap<>();
            for (Target t : targets) {
                if (only != null && !t.function().equals(only)) {
                    continue;
                }
                // Each function from empty queues: codes the API queued would otherwise make every reply the send fuzz
                // gets through wait out its execution behind them (6 such replies took 110 of its 115 s).
                purgeQueues(stack);
                capture.clear();
                long handlerStarted = System.nanoTime();
                Map<String, Long> reasons = new TreeMap<>();
                List<String> crashed = new ArrayList<>();
                List<String> leaked = new ArrayList<>();
                long processed = 0;
                for (int i = 0; i < cases; i++) {
                    JsonNode payload = t.generator().get();
                    String outcome = run(t, payload, capture, crashed, leaked, i);
                    if (outcome == null) {
                        processed++;
                    } else {
                        reasons.merge(outcome, 1L, Long::sum);
                    }
                    if (i % 2000 == 1999) {
                        purgeQueues(stack);
                        capture.clear();
                    }
                }
                total += cases;
                crashes += crashed.size();
                leaks += leaked.size();
                reasons.forEach((reason, count) -> rejections.merge(reason, count, Long::sum));
                report.heading(String.format("%s (%s): %d payloads, %d crashes, %d leaks, %d processed, %d rejected, %.1f s",
                        t.function(), t.kind().label(), cases, crashed.size(), leaked.size(), processed, cases - processed,
                        (System.nanoTime() - handlerStarted) / 1e9));
                report.line("rejections " + reasons);
                crashed.stream().limit(details).forEach(c -> report.line("  CRASH " + c));
                leaked.stream().limit(details).forEach(l -> report.line("  LEAK  " + l));
            }
            for (String function : missing) {
                report.line("  NO GENERATOR " + function);
            }
            report.heading(String.format("fuzz ran %.1f s, seed %d", (System.nanoTime() - started) / 1e9, seed));
            String reasons = rejections.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            System.out.printf("fuzz: %d payloads, %d crashes, %d leaks, rejections: %s%n", total, crashes, leaks, reasons);
            return crashes == 0 && leaks == 0 && missing.isEmpty() ? 0 : 1;
        }
    }

    /** Null when processed; else the reason it was rejected with (or the declared fault it met). */
    private String run(Target t, JsonNode payload, LogCapture capture, List<String> crashed, List<String> leaked, int index) {
        int logsBefore = capture.size();
        String outcome;
        try {
            byte[] answer = t.handler().invoke(Json.write(payload).getBytes(StandardCharsets.UTF_8),
                    new LocalContext(t.function(), 15, 1024));
            outcome = null;
            if (t.kind() == EventKind.HTTP_API) {
                HttpApiResponse response = Json.read(new String(answer, StandardCharsets.UTF_8), HttpApiResponse.class);
                String body = response.body() == null ? "" : response.body();
                if (response.statusCode() >= 500) {
                    String logged = capture.linesFrom(logsBefore).stream().map(line -> {
                        Matcher error = Pattern.compile("error=([A-Za-z0-9_.$]+)").matcher(line);
                        return error.find() ? error.group(1) : null;
                    }).filter(java.util.Objects::nonNull).findFirst().orElse("?");
                    crashed.add(describeCase(t, index) + ": HTTP " + response.statusCode() + " " + mask(body) + " logged error=" + logged);
                    outcome = "HTTP_" + response.statusCode();
                } else if (response.statusCode() >= 400) {
                    Matcher error = BODY_ERROR.matcher(body);
                    outcome = error.find() ? error.group(1) : "HTTP_" + response.statusCode();
                }
            }
        } catch (StackOverflowError e) {
            crashed.add(describeCase(t, index) + ": StackOverflowError");
            outcome = "CRASH";
        } catch (RuntimeException e) {
            if (ChaoticDelivery.declaredTransient(e)) {
                outcome = "TRANSIENT_FAULT";
            } else {
                crashed.add(describeCase(t, index) + ": " + mask(ChaoticDelivery.describe(e)));
                outcome = "CRASH";
            }
        }
        List<String> lines = capture.linesFrom(logsBefore);
        if (outcome == null || outcome.startsWith("HTTP_")) {
            for (String line : lines) {
                Matcher reason = REASON.matcher(line);
                if (reason.find()) {
                    outcome = reason.group(1);
                    break;
                }
            }
        }
        Set<String> secrets = secrets(payload);
        for (String line : lines) {
            Optional<String> leak = leak(line, secrets);
            if (leak.isPresent()) {
                leaked.add(describeCase(t, index) + ": " + leak.get());
                return outcome;
            }
        }
        return outcome;
    }

    /**
     * The log line with the secret marked, when it holds one of {@code secrets}: a PIN or code as a run
     * of digits of its own, a number's last nine digits at the end of a run (before this, a raw
     * {@code +447700900555} in a log went unseen: only the nine digits with nothing before matched). Timestamps and UUID-shaped ids are left out first: a random id holds a four-digit PIN
     * by chance often enough in 100,000 payloads (four false leaks per handler in the first full run).
     */
    static Optional<String> leak(String line, Set<String> secrets) {
        String scanned = UUID_SHAPED.matcher(TIMESTAMP.matcher(line).replaceAll("")).replaceAll("<id>");
        for (String secret : secrets) {
            // A number is kept as its last nine digits, so it may follow the rest of itself (+447…);
            // a PIN or a code must be a run of its own.
            String before = secret.length() >= 8 ? "" : "(?<!\\d)";
            if (Pattern.compile(before + Pattern.quote(secret) + "(?!\\d)").matcher(scanned).find()) {
                String shown = scanned.replace(secret, "<SECRET>");
                return Optional.of(shown.substring(0, Math.min(400, shown.length())));
            }
        }
        return Optional.empty();
    }

    private String describeCase(Target t, int index) {
        return t.function() + " case " + index + " (--seed " + seed + " --function " + t.function() + ")";
    }

    /**
     * The phone numbers (their last nine digits), PINs and codes a payload carries where they belong
     * (number, body, code and PIN fields, JSON inside strings included), digits normalised to ASCII. Ids
     * are not secrets: a hostile id echoed in a log line is the id, not a number.
     */
    static Set<String> secrets(JsonNode payload) {
        Set<String> secrets = new HashSet<>(SEALED_NUMBERS);
        collect(payload, null, secrets, 0);
        secrets.removeIf(s -> s.length() < 4);
        return secrets;
    }

    private static void collect(JsonNode node, String field, Set<String> secrets, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node.isTextual()) {
            String text = node.asText();
            if (text.startsWith("{") && text.length() < 50_000) {
                try {
                    collect(Json.tree(text), null, secrets, depth + 1);
                    return;
                } catch (RuntimeException e) {
                    // Not JSON after all: a text.
                }
            }
            if (field == null) {
                return;
            }
            String name = field.toLowerCase(java.util.Locale.ROOT);
            boolean numberField = name.contains("number") || name.equals("phone") || name.equals("destination");
            boolean textField = name.equals("messagebody") || name.equals("text") || name.equals("body");
            if (numberField || textField) {
                Matcher number = NUMBERISH.matcher(text.length() > 5000 ? text.substring(0, 5000) : text);
                while (number.find()) {
                    String digits = ascii(number.group()).replace(" ", "");
                    if (digits.length() >= 8 && !digits.chars().allMatch(c -> c == digits.charAt(0))) {
                        secrets.add(digits.substring(Math.max(0, digits.length() - 9)));
                    }
                }
            }
            if (textField) {
                Matcher pin = PIN_FIRST.matcher(text);
                if (pin.find()) {
                    secrets.add(ascii(pin.group(1)));
                }
            }
            if ((name.equals("code") || name.equals("pin")) && text.codePoints().allMatch(Character::isDigit)) {
                secrets.add(ascii(text));
            }
            return;
        }
        node.fields().forEachRemaining(entry -> collect(entry.getValue(), entry.getKey(), secrets, depth + 1));
        if (node.isArray()) {
            node.forEach(child -> collect(child, field, secrets, depth + 1));
        }
    }

    private static String ascii(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(Character.isDigit(c) ? (char) ('0' + Character.digit(c, 10)) : (char) c));
        return out.toString();
    }

    private static String mask(String text) {
        String masked = text.replaceAll("\\d{5,}", "<digits>");
        return masked.length() > 300 ? masked.substring(0, 300) + "..." : masked;
    }

    /**
     * One target per function of template.yaml, its generator chosen by the handler's event type; a
     * function whose type has no generator (or no seeds) is named in {@code missing}.
     */
    private List<Target> targets(Stack stack, Path events, List<String> missing) {
        List<JsonNode> sns = new ArrayList<>();
        List<JsonNode> api = new ArrayList<>();
        try (Stream<Path> files = Files.walk(events)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                JsonNode json;
                try {
                    json = Json.tree(Files.readString(file));
                } catch (RuntimeException e) {
                    continue;
                }
                if (json.path("Records").path(0).has("Sns")) {
                    sns.add(json);
                } else if (json.path("Records").path(0).path("eventSource").asText().equals("aws:sqs")) {
                    // A raw-delivery sample (the send queues): as the SNS message it was published as.
                    var wrapped = Json.mapper().createObjectNode();
                    var records = wrapped.putArray("Records");
                    json.path("Records").forEach(record -> records.addObject().putObject("Sns")
                            .put("Message", record.path("body").asText()));
                    sns.add(wrapped);
                } else if (json.has("routeKey")) {
                    api.add(json);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + events, e);
        }
        List<Target> targets = new ArrayList<>();
        int index = 0;
        for (CloudFormationTemplate.Resource function : stack.template().functions()) {
            String name = function.logicalId();
            index++;
            if (only != null && !only.equals(name)) {
                continue;
            }
            HandlerInvoker handler = HandlerInvoker.create(stack.handler(name), new Environment(stack.functionEnvironment(name)));
            Random random = new Random(seed * 1_000_003L + index);
            EventKind kind = EventKind.of(function);
            if (kind == EventKind.SNS && !sns.isEmpty()) {
                FuzzPayloads payloads = new FuzzPayloads(ownFirst(sns, function), random);
                targets.add(new Target(name, handler, kind, payloads::snsEvent));
            } else if (kind == EventKind.SQS && !sns.isEmpty()) {
                FuzzPayloads payloads = new FuzzPayloads(ownFirst(sns, function), random);
                // The send queues are fed by raw-delivery subscriptions: their bodies are the messages themselves.
                targets.add(new Target(name, handler, kind, payloads::sqsRawEvent));
            } else if (kind == EventKind.HTTP_API && !api.isEmpty()) {
                FuzzPayloads payloads = new FuzzPayloads(api, random);
                targets.add(new Target(name, handler, kind, payloads::apiEvent));
            } else {
                missing.add(name);
                System.err.println("smsgate fuzz: no generator for " + name + " (" + kind.label() + " events): add one to FuzzPayloads");
            }
        }
        return targets;
    }

    /**
     * The samples of the topics this function subscribes to, weighted four to one against all others
     * (any message may arrive on any topic; most should be what it expects).
     */
    private static List<JsonNode> ownFirst(List<JsonNode> sns, CloudFormationTemplate.Resource function) {
        Set<String> topics = new HashSet<>();
        for (Object value : function.map("Events").values()) {
            if (value instanceof Map<?, ?> event && event.get("Properties") instanceof Map<?, ?> properties
                    && properties.get("Topic") instanceof Map<?, ?> ref && ref.get("Ref") != null) {
                topics.add(String.valueOf(ref.get("Ref")));
            }
        }
        List<JsonNode> own = sns.stream().filter(seed -> topics.stream().anyMatch(topic ->
                seed.path("Records").path(0).path("Sns").path("TopicArn").asText().endsWith("-" + topic))).toList();
        List<JsonNode> weighted = new ArrayList<>(sns);
        for (int i = 0; i < 4; i++) {
            weighted.addAll(own);
        }
        return weighted;
    }

    /** Messages the handlers published pile up in the taps' queues: dropped now and then. */
    private static void purgeQueues(Stack stack) {
        for (String url : stack.sqs().listQueues(r -> r.queueNamePrefix(stack.name())).queueUrls()) {
            try {
                stack.sqs().purgeQueue(r -> r.queueUrl(url));
            } catch (RuntimeException e) {
                // A purge within 60 s of the last one is refused by some emulators: the next one will do.
            }
        }
    }
}
