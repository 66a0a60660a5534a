package io.smsgate.local.cli;

import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@code smsgate demo}: the story smsgate exists for, end to end on one machine, every step checked. A
 * user links her phone through the verification API (the code read from the outbox), turns SMS posting
 * on with a PIN, posts with it and without it, texts STOP and START; a text comes from a country where
 * SMS posting is off; the operator throws the global kill switch; UNDO still works; a new PIN needs the
 * current one and starts the cooling-off again; a burst of codes to one prefix, never entered, is throttled by
 * the pumping guard while France's codes keep flowing. Exits non-zero at
 * the first step that does not do what the story says.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the scripted story end to end (link, PIN, post, STOP/START, country off, kill switch, UNDO, PIN change).")
final class DemoCommand implements Callable<Integer> {
    static final String ALICE = "+447700900123";
    static final String ACCOUNT = "alice";
    static final String PIN = "4821";
    static final String NEW_PIN = "9999";
    static final String FRANCE = "+33612345678";

    @Option(names = "--logs", description = "Also print every log line.")
    boolean logs;

    @Mixin
    EmulatorOptions emulatorOptions;

    /** A step did not do what the story says. */
    static final class StepFailed extends RuntimeException {
        StepFailed(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public Integer call() {
        long started = System.nanoTime();
        Project project = Project.locate();
        Report report = new Report(System.out);
        try (LocalTarget target = LocalTarget.open(project, emulatorOptions, true, false);
             LogCapture capture = LogCapture.start()) {
            target.describe(report);
            Story story = new Story(new LocalSystem(target.stack()), report, logs ? capture : null);
            try {
                story.run();
            } catch (StepFailed e) {
                report.line("  FAILED: " + e.getMessage());
                report.heading(String.format("demo FAILED at step %d after %.1f s", story.step, (System.nanoTime() - started) / 1e9));
                return 1;
            }
            story.noNumberLeaked(capture);
            report.heading(String.format("demo passed: %d steps in %.1f s; one text end to end: median %d ms, max %d ms (%d texts)",
                    story.step, (System.nanoTime() - started) / 1e9, story.median(), story.max(), story.latencies.size()));
            return 0;
        } catch (StepFailed e) {
            report.line("  FAILED: " + e.getMessage());
            return 1;
        }
    }

    /** The story, step by step. */
    static final class Story {
        private final LocalSystem system;
        private final Report report;
        private final LogCapture logs;
        private final Stack stack;
        private final String to;
        private final List<Long> latencies = new ArrayList<>();
        private int step;

        Story(LocalSystem system, Report report, LogCapture logs) {
            this.system = system;
            this.report = report;
            this.logs = logs;
            this.stack = system.stack();
            this.to = system.inboundNumbers().getFirst();
        }

        void run() {
            String verificationId = linkThePhone();
            String code = system.outbox().texts().stream().filter(t -> ALICE.equals(t.destination()))
                    .map(SmsOutbox.Text::code).flatMap(Optional::stream).reduce((a, b) -> b).orElseThrow();
            checkTheCode(verificationId, code);
            turnSmsPostingOn();
            postWhileCoolingOff();
            String postId = postWithThePin();
            postWithoutThePin();
            stopThenStart();
            textFromACountryWherePostingIsOff();
            killSwitchOn();
            undoUnderTheKillSwitch(postId);
            killSwitchOff();
            takeoverReArmsAndCoolsOffAgain();
            aSwappedSimCanNeitherPostNorGetACode();
            aPumpingBurstIsThrottledWhileAnotherCountrysCodesFlow();
        }

        /**
         * SMS pumping: codes requested for numbers of one prefix and never entered. With the seed's
         * defaults (20 codes, 20 % conversion) the guard throttles the prefix; the starts still answer 202;
         * France's codes keep going; the operator's release lifts it.
         */
        private void aPumpingBurstIsThrottledWhileAnotherCountrysCodesFlow() {
            begin("A burst of login codes to one prefix, never entered (SMS pumping): the guard throttles the prefix");
            String prefix = "+447700";
            Report quiet = new Report(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
            int before = system.outbox().texts().size();
            int burst = 0;
            String refusedId = null;
            for (int n = 500; n < 540 && refusedId == null; n++) {
                var start = system.call("POST", "/verifications", Map.of("phone", "+447700900" + n, "purpose", "LOGIN"), quiet, null);
                if (start.status() != 202) {
                    throw new StepFailed("a start answers 202 whatever the guard decides (got: " + start.status() + " " + start.body() + ")");
                }
                String id = start.json().path("verificationId").asText("");
                if ("PUMPING_SUSPECTED".equals(system.call("GET", "/verifications/" + id, Map.of(), quiet, null).json().path("state").asText())) {
                    refusedId = id;
                } else {
                    burst++;
                }
            }
            report.line(burst + " LOGIN starts for +447700900500… (each answered 202 and texted a code nobody entered)");
            int texted = system.outbox().texts().size() - before;
            expect(refusedId != null, "then the next start for that prefix answers 202 too, but gets no code", burst + " codes, no trip");
            expect(texted == burst, "only the " + burst + " codes before the trip were texted", texted + " texts");
            var status = system.call("GET", "/verifications/" + refusedId, Map.of(), report, logs);
            expect("PUMPING_SUSPECTED".equals(status.json().path("state").asText()),
                    "GET /verifications/{id} tells the backend PUMPING_SUSPECTED", status.body());
            var counters = new io.smsgate.twofactor.DynamoConversionCounters(stack.dynamoDb(), stack.physicalId("CountersTable"));
            java.time.Instant now = java.time.Instant.now();
            var windows = counters.all(now);
            report.line("./smsgate fraud status:");
            windows.forEach(w -> report.line("      " + FraudCommand.line(w, now)));
            expect(windows.stream().anyMatch(w -> w.scope().value().equals(prefix) && w.trip().filter(t -> t.active(now)).isPresent()),
                    "it shows " + prefix + " THROTTLED (the PumpingGuardTripped metric's alarm tells the operators)", windows.toString());

            var france = system.call("POST", "/verifications", Map.of("phone", FRANCE, "purpose", "LOGIN"), report, logs);
            expect(france.status() == 202 && textsTo(france.trace(), FRANCE).stream().anyMatch(t -> t.code().isPresent()),
                    "meanwhile a login code to France is texted as ever", france.trace().texts().toString());

            report.line("operator: ./smsgate fraud release " + prefix);
            boolean released = counters.release(new io.smsgate.twofactor.ConversionCounters.Scope(
                    io.smsgate.twofactor.ConversionCounters.Scope.Level.PREFIX, prefix), java.time.Instant.now());
            var again = system.call("POST", "/verifications", Map.of("phone", "+447700900599", "purpose", "LOGIN"), report, logs);
            expect(released && textsTo(again.trace(), "+447700900599").stream().anyMatch(t -> t.code().isPresent()),
                    "after the release, codes to " + prefix + " go again", again.trace().texts().toString());
        }

        void noNumberLeaked(LogCapture capture) {
            // Every topic but the two End User Messaging publishes to: InboundSmsTopic (the text as it came in)
            // and DeliveryEventsTopic (its delivery events, which DeliveryReceiptFunction reads and drops the number of).
            String everything = String.join("\n", capture.lines()) + stack.taps().entrySet().stream()
                    .filter(tap -> !tap.getKey().equals("InboundSmsTopic") && !tap.getKey().equals("DeliveryEventsTopic"))
                    .flatMap(tap -> tap.getValue().messages().stream()).map(m -> m.body() + m.attributes()).reduce("", String::concat);
            for (String number : List.of(ALICE, FRANCE)) {
                int at = everything.indexOf(number.substring(3));
                if (at >= 0) {
                    throw new StepFailed("a phone number appeared in a log line or a published message: ..."
                            + everything.substring(Math.max(0, at - 120), Math.min(everything.length(), at + 40)).replace(number.substring(3), "<NUMBER>"));
                }
            }
            report.line("  ok  no phone number in any log line, or in any message or attribute this system published, in the whole story");
        }

        private void killSwitch(boolean on) {
            var catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
            new PolicyEditor(catalog, "smsgate demo", Clock.systemUTC()).killSwitch(on, "demo");
            long cache = Long.parseLong(stack.parameter("PolicyCacheSeconds").orElse("30"));
            report.line(String.format("kill switch %s (the functions see it within PolicyCacheSeconds=%d s here, 30 s by default)",
                    on ? "ON" : "off", cache));
            pause(Duration.ofSeconds(cache).plusMillis(200));
        }

        private LocalSystem.Trace text(String from, String body) {
            report.line("text " + LocalSystem.masked(from) + " -> " + to + ": \"" + body + "\"");
            LocalSystem.Trace trace = system.text(from, to, body, report, logs);
            latencies.add(trace.millis());
            return trace;
        }

        private String optOutStatus() {
            return stack.scan("OptOutsTable").stream().map(item -> item.get("status").s()).findFirst().orElse("none");
        }

        private static List<SmsOutbox.Text> textsTo(LocalSystem.Trace trace, String number) {
            return trace.texts().stream().filter(t -> number.equals(t.destination())).toList();
        }

        private void begin(String title) {
            step++;
            report.heading(step + ". " + title);
        }

        private void expect(boolean holds, String what, String actual) {
            if (!holds) {
                throw new StepFailed(what + " (got: " + actual + ")");
            }
            report.line("  ok  " + what);
        }

        private static void pause(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StepFailed("interrupted");
            }
        }

        long median() {
            List<Long> sorted = latencies.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
        }

        long max() {
            return latencies.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }
}
