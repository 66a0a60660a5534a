package io.smsgate.local.cli.proof;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.cli.policy.PolicyEditor;
import io.smsgate.local.cli.run.HandlerInvoker;
import io.smsgate.local.cli.run.LocalSystem;
import io.smsgate.local.cli.run.Report;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.shared.security.SealContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.DynamoPhoneLinks;
import io.smsgate.shared.domain.PhoneNumber;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.port.PhoneLinks;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.PinHasher;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The soak's workload, with what each step should come to (the oracle the audit checks against).
 * Texts go in as End User Messaging publishes them, verification calls as the network's backend makes
 * them (retrying a 5xx, as a backend would); every function's AWS calls meet seeded faults, and every
 * message is delivered by {@link ChaoticDelivery}. Accounts are linked before the faults are armed (that
 * is the stage, not the play); everything after runs under faults.
 */
final class SoakRun {
    static final String PIN = "4821";
    static final String WRONG_PIN = "9999";
    static final int MAX_PIN_FAILURES = 5;
    static final int MAX_POSTS_PER_HOUR = 10;

    /** What a text should do to PostsTable. */
    enum Expect { MUST_POST, MUST_NOT_POST, MAY_POST, NONE }

    enum Category { PIN_POST, WRONG_PIN, NO_PIN, UNLINKED, COUNTRY_OFF, COOLING_OFF, UNDO, STOP, START, HELP, SETTINGS_OFF_POST,
        SETTINGS_ON_POST }

    /** One text the workload sent. */
    record Sent(String inboundMessageId, Category category, String account, Expect expect, String body, boolean killSwitch) {
    }

    /** An UNDO that should delete this post. */
    record ExpectedUndo(String undoInboundMessageId, String postInboundMessageId) {
    }

    enum Plan { RIGHT, WRONG_THEN_RIGHT, LOCKOUT, RESEND }

    /** One verification the workload drives, step by step. */
    static final class Verification {
        final int index;
        final String phone;
        final Plan plan;
        final int wrongChecks;
        String id;
        int step;
        Instant startedAt;
        boolean approved;
        boolean approvedWrongly;
        boolean checkedRight;
        boolean resendAccepted;
        boolean earlyResendAccepted;
        boolean done;
        String note;
        /** The start's last answer (status and error reason), for a note on a verification that never began. */
        String startAnswer;

        Verification(int index, String phone, Plan plan, int wrongChecks) {
            this.index = index;
            this.phone = phone;
            this.plan = plan;
            this.wrongChecks = wrongChecks;
        }
    }

    /** A linked account and what the workload did to it. */
    static final class Account {
        final String id;
        final String phone;
        final String role;
        int postsThisHour;
        int wrongPinsCounted;
        boolean postingOn = true;
        boolean settingsUncertain;
        final List<String> posted = new ArrayList<>();
        Instant lastPostAt = Instant.EPOCH;
        Instant linkedAt;

        Account(String id, String phone, String role) {
            this.id = id;
            this.phone = phone;
            this.role = role;
        }
    }

    private final Stack stack;
    private final FaultInjector faults;
    private final ChaoticDelivery delivery;
    private final HandlerInvoker api;
    private final LogCapture logs;
    private final Random random;
    private final String to;
    private final Duration coolingOff;
    private final Duration policyCache;
    private final List<Sent> sent = new ArrayList<>();
    private final List<ExpectedUndo> undos = new ArrayList<>();
    private final List<Verification> verifications = new ArrayList<>();
    private final List<Account> steady = new ArrayList<>();
    private final List<Account> wrongPin = new ArrayList<>();
    private final List<Account> settings = new ArrayList<>();
    private final List<Account> all = new ArrayList<>();
    private final Map<String, Boolean> optedOut = new LinkedHashMap<>();
    private final java.util.Set<String> pending = new java.util.HashSet<>();
    private final Map<String, Instant> coolingOffEnds = new LinkedHashMap<>();
    private final java.util.Set<String> busy = new java.util.HashSet<>();
    private final List<String> apiCrashes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final KeyRing keys;
    private final DynamoPhoneLinks links;
    private final PinHasher pins;
    private int apiCalls;
    private int freshAccounts;
    private boolean killSwitch;

    SoakRun(Stack stack, FaultInjector faults, ChaoticDelivery delivery, HandlerInvoker api, LogCapture logs, Random random,
            Duration coolingOff, Duration policyCache) {
        this.stack = stack;
        this.faults = faults;
        this.delivery = delivery;
        this.api = api;
        this.logs = logs;
        this.random = random;
        this.coolingOff = coolingOff;
        this.policyCache = policyCache;
        this.to = stack.parameter("InboundNumbers").orElse("").split(",")[0].strip();
        this.keys = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
        this.links = new DynamoPhoneLinks(stack.dynamoDb(), stack.physicalId("PhoneLinksTable"));
        this.pins = new PinHasher(keys, 10_000);
    }

    // ------------------------------------------------------------------ numbers (fictional ranges)

    static String gb(int n) {
        return String.format("+447700900%03d", n);
    }

    static String france(int n) {
        return String.format("+3361234%04d", n);
    }

    // ------------------------------------------------------------------ stage

    /** Links the accounts the texts come from: the stage the soak plays on. */
    void stage(int texts) {
        int steadyCount = Math.max(3, (int) Math.ceil(texts * 0.45 / 7));
        int wrongCount = Math.max(1, (int) Math.ceil(texts * 0.08 / 6));
        int settingsCount = Math.max(2, texts / 100);
        if (steadyCount + wrongCount + settingsCount > 250) {
            throw new IllegalArgumentException("--texts " + texts + " needs more accounts than the soak's fictional number range holds: "
                    + "at most 2500 texts");
        }
        int n = 0;
        for (int i = 0; i < steadyCount; i++) {
            steady.add(link(new Account("soak-steady-" + i, gb(n++), "steady")));
        }
        for (int i = 0; i < wrongCount; i++) {
            wrongPin.add(link(new Account("soak-wrongpin-" + i, gb(n++), "wrong-pin")));
        }
        for (int i = 0; i < settingsCount; i++) {
            settings.add(link(new Account("soak-settings-" + i, gb(n++), "settings")));
        }
        pause(coolingOff.plusMillis(500));
    }

    /**
     * Links an account and turns SMS posting on with the PIN, written as the verification API writes
     * them (the API itself is exercised by the verifications). The PIN hash uses the fewest iterations
     * the API accepts (PIN_HASH_ITERATIONS 10000): the stored hash names its count, so PostingFunction
     * checks it as it checks any other; it only keeps a loaded machine's CPU for the soak.
     */
    private Account link(Account account) {
        PhoneNumber number = PhoneNumbers.parse(account.phone, true).orElseThrow();
        Instant now = Instant.now();
        links.link(keys.phoneKey(number), account.id, keys.seal(number, SealContext.link(keys.phoneKey(number))).sealed(), number.country().value(), now);
        account.linkedAt = now;
        links.updateSettings(account.id, new PhoneLinks.SettingsChange(true, pins.hash(PIN), false), now);
        all.add(account);
        return account;
    }

    // ------------------------------------------------------------------ the play

    void play(int texts, int verificationCount, Report report) {
        for (int i = 0; i < verificationCount; i++) {
            double r = random.nextDouble();
            Plan plan = r < 0.4 ? Plan.RIGHT : r < 0.7 ? Plan.WRONG_THEN_RIGHT : r < 0.85 ? Plan.LOCKOUT : Plan.RESEND;
            verifications.add(new Verification(i, gb(500 + i % 500), plan, plan == Plan.LOCKOUT ? 5 : 1 + random.nextInt(3)));
        }
        faults.arm(true);
        int done = 0;
        int batches = 0;
        int nextVerification = 0;
        long started = System.nanoTime();
        while (done < texts || verifications.stream().anyMatch(v -> !v.done)) {
            batches++;
            if (killSwitch) {
                setKillSwitch(false);
            } else if (done < texts && random.nextDouble() < 0.06) {
                setKillSwitch(true);
            }
            int size = Math.min(texts - done, 4 + random.nextInt(9));
            busy.clear();
            for (int i = 0; i < size; i++) {
                text();
            }
            done += size;
            int remainingBatches = Math.max(1, (texts - done) / 8 + 1);
            int starts = done >= texts ? verificationCount - nextVerification
                    : (int) Math.ceil((verificationCount - nextVerification) / (double) remainingBatches);
            // Those started earlier take their next step; those started now wait for their code to be delivered.
            List<Verification> next = verifications.subList(0, nextVerification).stream().filter(v -> !v.done && v.step > 0).toList();
            for (int i = 0; i < starts && nextVerification < verificationCount; i++) {
                advance(verifications.get(nextVerification++));
            }
            for (Verification v : next) {
                advance(v);
            }
            delivery.runUntilQuiet();
            pending.clear();
            if (batches % 20 == 0) {
                report.line(String.format("  ... %d/%d texts, %d/%d verifications done, %d faults injected, %.0f s", done, texts,
                        verifications.stream().filter(v -> v.done).count(), verificationCount, faults.injected().size(),
                        (System.nanoTime() - started) / 1e9));
            }
            if (done >= texts && verifications.stream().filter(v -> !v.done).allMatch(v -> v.plan == Plan.RESEND)) {
                // Only resends waiting out their cooldown: wait for the earliest.
                pause(Duration.ofMillis(500));
            }
        }
        if (killSwitch) {
            setKillSwitch(false);
        }
        faults.arm(false);
        delivery.runUntilQuiet();
    }

    private void text() {
        double r = random.nextDouble();
        Category category = r < 0.42 ? Category.PIN_POST : r < 0.50 ? Category.WRONG_PIN : r < 0.55 ? Category.NO_PIN
                : r < 0.62 ? Category.UNLINKED : r < 0.67 ? Category.COUNTRY_OFF : r < 0.70 ? Category.COOLING_OFF
                : r < 0.76 ? Category.UNDO : r < 0.82 ? Category.STOP : r < 0.86 ? Category.START : r < 0.90 ? Category.HELP
                : Category.SETTINGS_OFF_POST;
        String tag = "soak " + UUID.randomUUID().toString().substring(0, 8);
        switch (category) {
            case PIN_POST -> {
                List<Account> open = steady.stream().filter(a -> a.postsThisHour < MAX_POSTS_PER_HOUR - 2 && !busy.contains(a.id))
                        .toList();
                if (open.isEmpty()) {
                    send(Category.UNLINKED, null, gb(300 + random.nextInt(100)), PIN + " " + tag, Expect.MUST_NOT_POST);
                    return;
                }
                Account account = open.get(random.nextInt(open.size()));
                account.postsThisHour++;
                String id = send(category, account, account.phone, PIN + " " + tag + " hello", killSwitch ? Expect.MUST_NOT_POST
                        : Expect.MUST_POST);
                if (!killSwitch) {
                    account.posted.add(id);
                    account.lastPostAt = Instant.now();
                    pending.add(id);
                }
            }
            case WRONG_PIN -> {
                Account account = wrongPin.get(random.nextInt(wrongPin.size()));
                if (!killSwitch) {
                    account.wrongPinsCounted++;
                }
                send(category, account, account.phone, WRONG_PIN + " " + tag, Expect.MUST_NOT_POST);
            }
            case NO_PIN -> {
                Account account = steady.get(random.nextInt(steady.size()));
                send(category, account, account.phone, tag + " without a PIN", Expect.MUST_NOT_POST);
            }
            case UNLINKED -> send(category, null, gb(300 + random.nextInt(100)), PIN + " " + tag, Expect.MUST_NOT_POST);
            case COUNTRY_OFF -> send(category, null, france(random.nextInt(10_000)), PIN + " " + tag, Expect.MUST_NOT_POST);
            case COOLING_OFF -> coolingOff(tag);
            case UNDO -> undo(tag);
            case STOP, START -> {
                // One compliance keyword per number per batch: their order within a batch is anyone's.
                String number = gb(400 + random.nextInt(100));
                if (!busy.add(number)) {
                    send(Category.HELP, null, gb(400 + random.nextInt(100)), "HELP", Expect.NONE);
                    return;
                }
                send(category, null, number, category.name(), Expect.NONE);
                optedOut.put(number, category == Category.STOP);
            }
            case HELP -> send(category, null, gb(400 + random.nextInt(100)), "HELP", Expect.NONE);
            default -> settingsChange(tag);
        }
    }

    /** A fresh link, then at once a post with the right PIN: inside the cooling-off, nothing is posted. */
    private void coolingOff(String tag) {
        if (freshAccounts >= 30) {
            send(Category.NO_PIN, steady.getFirst(), steady.getFirst().phone, tag + " without a PIN", Expect.MUST_NOT_POST);
            return;
        }
        // Its own delivery, so the post is judged soon after the link, not behind a whole batch.
        delivery.runUntilQuiet();
        pending.clear();
        Account account = link(new Account("soak-fresh-" + freshAccounts, gb(260 + freshAccounts), "fresh"));
        freshAccounts++;
        String id = send(Category.COOLING_OFF, account, account.phone, PIN + " " + tag + " too soon", Expect.MUST_NOT_POST);
        coolingOffEnds.put(id, account.linkedAt.plus(coolingOff));
        delivery.runUntilQuiet();
    }

    /**
     * UNDO from an account whose last post went in an earlier batch (and within the undo window), with
     * no other post of it in this batch: that post is deleted.
     */
    private void undo(String tag) {
        Instant recent = Instant.now().minus(Duration.ofMinutes(8));
        List<Account> candidates = steady.stream().filter(a -> !a.posted.isEmpty() && !pending.contains(a.posted.getLast())
                && a.lastPostAt.isAfter(recent) && !busy.contains(a.id)).toList();
        if (candidates.isEmpty()) {
            send(Category.HELP, null, gb(400 + random.nextInt(100)), "HELP", Expect.NONE);
            return;
        }
        Account account = candidates.get(random.nextInt(candidates.size()));
        String id = send(Category.UNDO, account, account.phone, "UNDO", Expect.NONE);
        undos.add(new ExpectedUndo(id, account.posted.getLast()));
        account.posted.clear();
        busy.add(account.id);
    }

    /** Settings changes: posting off (then a post must not go), later back on (then a post may go). */
    private void settingsChange(String tag) {
        Account account = settings.get(random.nextInt(settings.size()));
        boolean on = !account.postingOn;
        Call call = callWithRetries("PUT", "/accounts/" + account.id + "/sms-settings", Map.of("smsPosting", on, "pin", PIN));
        if (call.status() == 200) {
            account.postingOn = on;
        } else {
            account.settingsUncertain = true;
        }
        Expect expect = account.settingsUncertain || killSwitch ? (killSwitch ? Expect.MUST_NOT_POST : Expect.MAY_POST)
                : on ? Expect.MAY_POST : Expect.MUST_NOT_POST;
        send(on ? Category.SETTINGS_ON_POST : Category.SETTINGS_OFF_POST, account, account.phone, PIN + " " + tag, expect);
    }

    private String send(Category category, Account account, String from, String body, Expect expect) {
        String id = UUID.randomUUID().toString();
        Map<String, String> payload = new LinkedHashMap<>();
        payload.put("originationNumber", from);
        payload.put("destinationNumber", to);
        payload.put("messageKeyword", "");
        payload.put("messageBody", body);
        payload.put("inboundMessageId", id);
        payload.put("previousPublishedMessageId", "");
        String topicArn = stack.physicalId("InboundSmsTopic");
        stack.sns().publish(r -> r.topicArn(topicArn).message(Json.write(payload)));
        sent.add(new Sent(id, category, account == null ? null : account.id, expect, body, killSwitch));
        return id;
    }

    private void setKillSwitch(boolean on) {
        var catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        new PolicyEditor(catalog, "smsgate soak", Clock.systemUTC()).killSwitch(on, "soak");
        killSwitch = on;
        pause(policyCache.plusMillis(300));
    }

    // ------------------------------------------------------------------ verifications

    /** One step of a verification's plan. */
    private void advance(Verification v) {
        switch (v.step) {
            case 0 -> {
                Call start = callWithRetries("POST", "/verifications", startBody(v.phone, "LOGIN", "soak-login-" + v.index));
                v.startedAt = Instant.now();
                v.id = verificationId(start).orElse(null);
                v.startAnswer = start.status() + " " + start.json().path("reason").asText("");
                v.step = 1;
                if (v.plan == Plan.RESEND && v.id != null) {
                    // At once, well inside the 30 s cooldown: it must be refused.
                    Call early = call("POST", "/verifications", startBody(v.phone, "LOGIN", "soak-login-" + v.index));
                    v.earlyResendAccepted = early.status() == 202
                            && Duration.between(v.startedAt, Instant.now()).compareTo(Duration.ofSeconds(25)) < 0;
                }
            }
            case 1 -> {
                if (v.id == null) {
                    v.id = latestVerificationId(v.phone).orElse(null);
                }
                if (v.id == null) {
                    v.note = "no verification id and no code text (start answered " + v.startAnswer.strip() + ")";
                    v.done = true;
                    return;
                }
                if (v.plan == Plan.RESEND) {
                    v.step = 10;
                    return;
                }
                v.step = 2;
                advance(v);
            }
            case 10 -> {
                if (Duration.between(v.startedAt, Instant.now()).compareTo(Duration.ofSeconds(31)) < 0) {
                    return;
                }
                Call resend = callWithRetries("POST", "/verifications", startBody(v.phone, "LOGIN", "soak-login-" + v.index));
                v.resendAccepted = resend.status() == 202;
                v.step = 2;
            }
            default -> check(v);
        }
    }

    private void check(Verification v) {
        Optional<String> code = latestCode(v.phone, v.id);
        if (code.isEmpty()) {
            v.note = "no code text";
            v.done = true;
            return;
        }
        int wrongDone = v.step - 2;
        if ((v.plan == Plan.WRONG_THEN_RIGHT || v.plan == Plan.LOCKOUT) && wrongDone < v.wrongChecks) {
            String wrong = wrongCode(code.get());
            Call call = callWithRetries("POST", "/verifications/" + v.id + "/check", checkBody(v, wrong));
            if ("APPROVED".equals(call.json().path("status").asText())) {
                v.approvedWrongly = true;
            }
            v.step++;
            return;
        }
        Call call = callWithRetries("POST", "/verifications/" + v.id + "/check", checkBody(v, code.get()));
        v.checkedRight = true;
        v.approved = "APPROVED".equals(call.json().path("status").asText());
        if (!v.approved) {
            v.note = "right code answered " + call.status() + " " + call.json().path("status").asText(call.json().path("reason").asText());
        }
        v.done = true;
    }

    private static String wrongCode(String code) {
        char last = code.charAt(5);
        return code.substring(0, 5) + (char) ('0' + (last - '0' + 1) % 10);
    }

    private static Optional<String> verificationId(Call call) {
        String id = call.status() == 202 ? call.json().path("verificationId").asText("") : "";
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    /** A check names what it verifies, as the start had it: LOGIN for the soak's account of that verification. */
    private static Map<String, Object> checkBody(Verification v, String code) {
        return Map.of("code", code, "purpose", "LOGIN", "accountId", "soak-login-" + v.index);
    }

    private static Map<String, Object> startBody(String phone, String purpose, String accountId) {
        return Map.of("phone", phone, "purpose", purpose, "accountId", accountId, "locale", "en-GB");
    }

    private Optional<String> latestCode(String phone, String verificationId) {
        List<SmsOutbox.Text> texts = stack.outbox().texts();
        for (int i = texts.size() - 1; i >= 0; i--) {
            SmsOutbox.Text text = texts.get(i);
            if (phone.equals(text.destination()) && (verificationId == null || verificationId.equals(text.context().get("verificationId")))) {
                Optional<String> code = text.code();
                if (code.isPresent()) {
                    return code;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<String> latestVerificationId(String phone) {
        List<SmsOutbox.Text> texts = stack.outbox().texts();
        for (int i = texts.size() - 1; i >= 0; i--) {
            if (phone.equals(texts.get(i).destination()) && texts.get(i).context().containsKey("verificationId")) {
                return Optional.of(texts.get(i).context().get("verificationId"));
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ the API, as a backend calls it

    record Call(int status, String body) {
        JsonNode json() {
            try {
                return Json.tree(body == null || body.isEmpty() ? "{}" : body);
            } catch (RuntimeException e) {
                return Json.tree("{}");
            }
        }
    }

    /** A backend retries a 5xx (up to three tries in all), as the network's would. */
    private Call callWithRetries(String method, String path, Map<String, Object> body) {
        Call call = call(method, path, body);
        for (int i = 1; i < 3 && call.status() >= 500; i++) {
            call = call(method, path, body);
        }
        return call;
    }

    private Call call(String method, String path, Map<String, Object> body) {
        apiCalls++;
        int faultsBefore = faults.injected().size();
        int logsBefore = logs.size();
        try {
            HttpApiResponse response = api.invoke(LocalSystem.apiEvent(method, path, Json.write(body)), HttpApiResponse.class,
                    new LocalContext(LocalSystem.API_FUNCTION, 15, 1024));
            if (response.statusCode() >= 500) {
                boolean faulted = faults.injected().size() > faultsBefore;
                String logged = String.join("\n", logs.linesFrom(logsBefore));
                boolean sdkOrTransient = logged.contains("error=software.amazon.awssdk.")
                        || logged.contains("error=" + io.smsgate.shared.port.TransientFaultException.class.getName());
                if (!(faulted && sdkOrTransient)) {
                    apiCrashes.add(method + " " + path.replaceAll("/verifications/[^/]+", "/verifications/{id}") + " -> "
                            + response.statusCode() + (faulted ? " (a fault was injected, but the error logged is not an AWS one)" : ""));
                }
            }
            return new Call(response.statusCode(), response.body());
        } catch (RuntimeException e) {
            if (!FaultInjector.injectedIn(e) && !ChaoticDelivery.declaredTransient(e)) {
                apiCrashes.add(method + " " + path + " threw " + ChaoticDelivery.describe(e));
            }
            return new Call(500, "");
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    // ------------------------------------------------------------------ what the audit reads

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    List<ExpectedUndo> undos() {
        return List.copyOf(undos);
    }

    List<Verification> verifications() {
        return List.copyOf(verifications);
    }

    List<Account> accounts() {
        return List.copyOf(all);
    }

    Map<String, Boolean> optedOut() {
        return Map.copyOf(optedOut);
    }

    List<String> apiCrashes() {
        return List.copyOf(apiCrashes);
    }

    int apiCalls() {
        return apiCalls;
    }

    /** When the cooling-off of each COOLING_OFF text's account ended. */
    Map<String, Instant> coolingOffEnds() {
        return Map.copyOf(coolingOffEnds);
    }

    List<String> notes() {
        return List.copyOf(notes);
    }
}
