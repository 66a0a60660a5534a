package io.smsgate.local.cli.run;

import io.smsgate.local.cli.EmulatorOptions;
import io.smsgate.local.cli.ops.FraudCommand;
import io.smsgate.local.cli.policy.PolicyEditor;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.Project;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.log.Masking;
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
public final class DemoCommand implements Callable<Integer> {
    public static final String ALICE = "+447700900123";
    public static final String ACCOUNT = "alice";
    public static final String PIN = "4821";
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
            story.noPinLeaked(capture);
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

        private String linkThePhone() {
            begin("Alice links her phone: the network's backend starts a LINK_PHONE verification");
            var call = system.call("POST", "/verifications",
                    Map.of("phone", ALICE, "purpose", "LINK_PHONE", "accountId", ACCOUNT, "locale", "en-GB"), report, logs);
            expect(call.status() == 202, "the API answers 202 Accepted", "status " + call.status());
            String id = call.json().path("verificationId").asText("");
            expect(!id.isEmpty(), "with a verification id", call.body());
            expect(textsTo(call.trace(), ALICE).stream().anyMatch(t -> t.code().isPresent()),
                    "SendSmsFunction texts a 6-digit code to her phone (read from the outbox)", call.trace().texts().toString());
            expect(!call.body().contains("7700900123"), "the answer does not echo the number", call.body());
            return id;
        }

        private void checkTheCode(String verificationId, String code) {
            begin("She types the code into the app; the backend checks it");
            var call = system.call("POST", "/verifications/" + verificationId + "/check",
                    Map.of("code", code, "purpose", "LINK_PHONE", "accountId", ACCOUNT), report, logs);
            expect(call.status() == 200 && "APPROVED".equals(call.json().path("status").asText()), "the check is APPROVED",
                    call.status() + " " + call.body());
            Optional<Map<String, AttributeValue>> link = stack.scan("PhoneLinksTable").stream()
                    .filter(item -> ACCOUNT.equals(item.get("accountId").s())).findFirst();
            expect(link.isPresent(), "PhoneLinksTable now links her number (by its HMAC) to her account", "no link");
            expect(!link.get().get("smsPosting").bool(), "with SMS posting still off", link.get().toString());
            expect(!link.get().get("phoneKey").s().contains("7700900123"), "keyed by an HMAC, not the number", "");
        }

        private void turnSmsPostingOn() {
            begin("She turns SMS posting on in her settings, with a PIN");
            var call = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings", Map.of("smsPosting", true, "pin", PIN), report, logs);
            expect(call.status() == 200, "the settings are saved", call.status() + " " + call.body());
            var link = stack.scan("PhoneLinksTable").getFirst();
            expect(link.get("smsPosting").bool(), "SMS posting is on", link.toString());
            expect(link.get("pinHash").s().startsWith("pbkdf2-sha256$") && !link.get("pinHash").s().contains(PIN),
                    "the PIN is stored only as a slow salted hash", "");
        }

        private void postWhileCoolingOff() {
            begin("She texts a post at once: a newly linked number cools off before it can post");
            var trace = text(ALICE, PIN + " My first post by text");
            expect(trace.ofType("PostsTopic", "PostCreated").isEmpty(), "nothing is posted", trace.on("PostsTopic").toString());
            expect(textsTo(trace, ALICE).stream().anyMatch(t -> t.body().contains("turn on SMS posting")),
                    "she gets the one generic reply (the same whatever the reason)", trace.texts().toString());
            long seconds = Long.parseLong(stack.parameter("PostingCoolingOffSeconds").orElse("0"));
            report.line(String.format("(waiting out the cooling-off period: PostingCoolingOffSeconds=%d here, 24 h by default)", seconds));
            pause(Duration.ofSeconds(seconds).plusMillis(500));
        }

        private String postWithThePin() {
            begin("She posts by text, starting with her PIN");
            var trace = text(ALICE, PIN + " Hello from my phone, posting by text!");
            List<TopicTap.Published> created = trace.ofType("PostsTopic", "PostCreated");
            expect(created.size() == 1, "PostCreated is published once on PostsTopic", trace.on("PostsTopic").toString());
            var post = created.getFirst().json();
            expect("Hello from my phone, posting by text!".equals(post.path("text").asText()), "with the text, the PIN removed",
                    post.toString());
            expect(ACCOUNT.equals(post.path("accountId").asText()) && "sms".equals(post.path("source").asText())
                    && "GB".equals(post.path("country").asText()), "for her account, source sms, country GB", post.toString());
            expect(!created.getFirst().body().contains("7700900123"), "and no phone number anywhere in the event", post.toString());
            return post.path("postId").asText();
        }

        private void postWithoutThePin() {
            begin("A text without the PIN (what a hijacked number would send) is not posted");
            var trace = text(ALICE, "Posting without my PIN");
            expect(trace.ofType("PostsTopic", "PostCreated").isEmpty(), "nothing is posted", trace.on("PostsTopic").toString());
        }

        private void stopThenStart() {
            begin("She texts STOP, then START");
            var stop = text(ALICE, "STOP");
            expect(optOutStatus().equals("OPTED_OUT"), "STOP is recorded in OptOutsTable (keyed by HMAC)", optOutStatus());
            expect(stop.on("CommandsTopic").isEmpty(), "and never reaches the country policy", stop.on("CommandsTopic").toString());
            expect(textsTo(stop, ALICE).stream().anyMatch(t -> t.body().contains("unsubscribed")),
                    "she gets the opt-out confirmation (a compliance reply goes even now)", stop.texts().toString());
            var start = text(ALICE, "START");
            expect(optOutStatus().equals("OPTED_IN"), "START opts her back in", optOutStatus());
            expect(textsTo(start, ALICE).stream().anyMatch(t -> t.body().contains("subscribed again")),
                    "with a confirmation", start.texts().toString());
        }

        private void textFromACountryWherePostingIsOff() {
            begin("Someone texts from France, where the policy leaves SMS posting off");
            var trace = text(FRANCE, "Bonjour tout le monde");
            expect(trace.on("ApprovedCommandsTopic").isEmpty(), "the country policy approves nothing",
                    trace.on("ApprovedCommandsTopic").toString());
            expect(textsTo(trace, FRANCE).stream().anyMatch(t -> t.body().contains("isn't available in your country")),
                    "and texts back that SMS posting isn't available there", trace.texts().toString());
        }

        private void killSwitchOn() {
            begin("The operator throws the global kill switch (./smsgate policy kill-switch on)");
            killSwitch(true);
            var trace = text(ALICE, PIN + " Is anyone there?");
            expect(trace.ofType("PostsTopic", "PostCreated").isEmpty(), "her post with the right PIN is not posted",
                    trace.on("PostsTopic").toString());
            expect(trace.on("ApprovedCommandsTopic").isEmpty(), "the country policy denies it", "");
        }

        private void undoUnderTheKillSwitch(String postId) {
            begin("Under the kill switch, UNDO still works: she deletes her post");
            var trace = text(ALICE, "UNDO");
            List<TopicTap.Published> deleted = trace.ofType("PostsTopic", "PostDeleted");
            expect(deleted.size() == 1 && postId.equals(deleted.getFirst().json().path("postId").asText()),
                    "PostDeleted for her post", trace.on("PostsTopic").toString());
        }

        private void killSwitchOff() {
            begin("The kill switch goes off: she can post again");
            killSwitch(false);
            var trace = text(ALICE, PIN + " Back again");
            expect(trace.ofType("PostsTopic", "PostCreated").size() == 1, "PostCreated", trace.on("PostsTopic").toString());
        }

        /**
         * Whoever holds the account session (not the PIN) tries to set their own PIN: refused without the
         * current one. Alice changes hers with the current PIN: that re-arms SMS posting, the owner is
         * told (SmsPostingArmed on SecurityEventsTopic), and the new PIN cannot post until the cooling-off
         * has passed again.
         */
        private void takeoverReArmsAndCoolsOffAgain() {
            begin("Changing the PIN needs the current one, re-arms SMS posting and starts the cooling-off again");
            var takeover = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings", Map.of("smsPosting", true, "pin", NEW_PIN),
                    report, logs);
            expect(takeover.status() == 400 && "CURRENT_PIN_REQUIRED".equals(takeover.json().path("reason").asText()),
                    "a new PIN without the current one is refused (400 CURRENT_PIN_REQUIRED)", takeover.status() + " " + takeover.body());
            var change = system.call("PUT", "/accounts/" + ACCOUNT + "/sms-settings",
                    Map.of("smsPosting", true, "pin", NEW_PIN, "currentPin", PIN), report, logs);
            expect(change.status() == 200, "with the current PIN the new one is saved", change.status() + " " + change.body());
            List<TopicTap.Published> armed = change.trace().ofType("SecurityEventsTopic", "SmsPostingArmed");
            expect(armed.size() == 1 && armed.getFirst().json().path("changes").toString().contains("PIN_CHANGED")
                            && ACCOUNT.equals(armed.getFirst().json().path("accountId").asText()),
                    "SmsPostingArmed (changes [PIN_CHANGED]) is published on SecurityEventsTopic for her account",
                    change.trace().on("SecurityEventsTopic").toString());
            var event = (com.fasterxml.jackson.databind.node.ObjectNode) armed.getFirst().json().deepCopy();
            event.remove("eventId");
            expect(!event.toString().contains(NEW_PIN) && !event.toString().contains(PIN), "with neither PIN in it", event.toString());
            var early = text(ALICE, NEW_PIN + " Posting with the new PIN at once");
            List<TopicTap.Published> posted = early.ofType("PostsTopic", "PostCreated");
            // Judged by when the text was received: the text sent at once is refused however late it is processed.
            expect(posted.isEmpty(), "the new PIN texted at once is not posted: the cooling-off starts again",
                    early.on("PostsTopic").toString());
            long seconds = Long.parseLong(stack.parameter("PostingCoolingOffSeconds").orElse("0"));
            report.line(String.format("(waiting out the cooling-off again: PostingCoolingOffSeconds=%d here)", seconds));
            pause(Duration.ofSeconds(seconds).plusMillis(500));
            var later = text(ALICE, NEW_PIN + " New PIN, after the cooling-off");
            expect(later.ofType("PostsTopic", "PostCreated").size() == 1, "after the cooling-off the new PIN posts",
                    later.on("PostsTopic").toString());
        }

        private void aSwappedSimCanNeitherPostNorGetACode() {
            begin("Her SIM is swapped (the operator says so): the number can neither post nor get a login code");
            stack.simSwap().markSwapped(ALICE);
            try {
                var post = text(ALICE, NEW_PIN + " Posting from the swapped SIM");
                expect(post.ofType("PostsTopic", "PostCreated").isEmpty(), "the post is refused, the right PIN notwithstanding",
                        post.on("PostsTopic").toString());
                List<TopicTap.Published> suspected = post.ofType("SecurityEventsTopic", "SimSwapSuspected");
                expect(suspected.size() == 1 && ACCOUNT.equals(suspected.getFirst().json().path("accountId").asText()),
                        "SimSwapSuspected is published for her account (GB's policy: simSwapCheck BEST_EFFORT)",
                        post.on("SecurityEventsTopic").toString());
                Optional<Map<String, AttributeValue>> link = stack.scan("PhoneLinksTable").stream()
                        .filter(item -> ACCOUNT.equals(item.get("accountId").s())).findFirst();
                expect(link.isPresent() && !link.get().get("smsPosting").bool(),
                        "and SMS posting is disarmed: re-arming it restarts the cooling-off", String.valueOf(link.map(Map::keySet)));
                int before = system.outbox().texts().size();
                var login = system.call("POST", "/verifications", Map.of("phone", ALICE, "purpose", "LOGIN", "accountId", ACCOUNT),
                        report, logs);
                expect(login.status() == 202, "a LOGIN start answers 202 as for any number", login.status() + " " + login.body());
                expect(system.outbox().texts().stream().skip(before).noneMatch(t -> ALICE.equals(t.destination())),
                        "but no code is texted to the swapped SIM", login.trace().texts().toString());
                String id = login.json().path("verificationId").asText("");
                var status = system.call("GET", "/verifications/" + id, Map.of(), report, logs);
                expect(status.status() == 200 && "SIM_SWAP_SUSPECTED".equals(status.json().path("state").asText()),
                        "GET /verifications/{id} tells the backend SIM_SWAP_SUSPECTED, so it can fall back to another factor",
                        status.status() + " " + status.body());
            } finally {
                stack.simSwap().restore(ALICE);
            }
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
                    .flatMap(tap -> tap.getValue().messages().stream()).map(m -> m.body() + m.attributes()).reduce("", String::concat)
                    // Every table too, PhoneLinksTable included: it keeps numbers only sealed.
                    + stack.tables().stream().map(table -> table + stack.scan(table)).reduce("", String::concat);
            for (String number : List.of(ALICE, FRANCE)) {
                int at = everything.indexOf(number.substring(3));
                if (at >= 0) {
                    throw new StepFailed("a phone number appeared in a log line, a published message or a table: ..."
                            + everything.substring(Math.max(0, at - 120), Math.min(everything.length(), at + 40)).replace(number.substring(3), "<NUMBER>"));
                }
            }
            report.line("  ok  no phone number in any log line, in any message or attribute this system published, or in any table,"
                    + " in the whole story");
        }

        void noPinLeaked(LogCapture capture) {
            // Every topic but InboundSmsTopic (End User Messaging's payload, as it came in), every log line and
            // every table: no PIN as a text starts with it, nor as a value of its own.
            StringBuilder everything = new StringBuilder(String.join("\n", capture.lines()));
            stack.taps().entrySet().stream().filter(tap -> !tap.getKey().equals("InboundSmsTopic"))
                    .flatMap(tap -> tap.getValue().messages().stream()).forEach(m -> everything.append(m.body()).append(m.attributes()));
            for (String table : stack.tables()) {
                everything.append(stack.scan(table));
            }
            for (String pin : List.of(PIN, NEW_PIN)) {
                Map<String, String> forms = Map.of(pin + " ", "the start of a text", "\"" + pin + "\"", "a JSON value",
                        "=" + pin, "a field's value");
                forms.forEach((form, as) -> {
                    if (everything.indexOf(form) >= 0) {
                        throw new StepFailed("a PIN appeared in a log line, a published message or a table, as " + as);
                    }
                });
            }
            report.line("  ok  no PIN in any log line, in any message this system published, or in any table, in the whole story");
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
            report.line("text " + LocalSystem.masked(from) + " -> " + to + ": \"" + Masking.text(body) + "\"");
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
