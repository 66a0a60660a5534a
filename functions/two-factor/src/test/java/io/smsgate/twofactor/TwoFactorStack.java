package io.smsgate.twofactor;

import com.amazonaws.services.lambda.runtime.Context;
import io.smsgate.local.emulator.MutableClock;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SmsOutbox;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.aws.Platform;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.lambda.HttpApiRequest;
import io.smsgate.shared.lambda.HttpApiResponse;
import io.smsgate.shared.lambda.LambdaEvents;
import io.smsgate.shared.lambda.SnsEvent;
import io.smsgate.shared.lambda.SqsBatchResponse;
import io.smsgate.shared.lambda.SqsEvent;
import io.smsgate.shared.port.SimSwapSignal;
import io.smsgate.shared.security.KeyRing;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Both two-factor functions on one local stack, built the way Lambda builds them (from the template's
 * environment) but with a clock the test moves: the API answers as HTTP, SendSmsFunction gets every CODE
 * request the API published (read back from OutboundSmsTopic), texts land in the stack's outbox.
 */
final class TwoFactorStack {
    static final String NUMBER = "+447700900123";
    static final String NUMBER_DIGITS = "7700900123";
    static final String OTHER_NUMBER = "+447700900456";
    static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");

    final Stack stack;
    final MutableClock clock;
    final VerificationApiHandler api;
    final SendSmsHandler sender;
    private final SendSmsService sendService;
    private final io.smsgate.shared.port.Metrics sendMetrics;
    private int delivered;
    /** True: waiting for a pacing slot moves {@link #clock} to the slot. */
    volatile boolean waitsMoveTheClock;

    /** {@code overrides}: variables set for both functions over what the template gives them. */
    TwoFactorStack(Stack stack, MutableClock clock, Map<String, String> overrides, Supplier<String> ids,
                   UnaryOperator<SmsProvider> wrapProvider) {
        this(stack, clock, overrides, ids, wrapProvider, SimSwapSignal.none(), UnaryOperator.identity());
    }

    /** With a SIM-swap signal and a wrapper around the API's verifications store (interleaving seams). */
    TwoFactorStack(Stack stack, MutableClock clock, Map<String, String> overrides, Supplier<String> ids,
                   UnaryOperator<SmsProvider> wrapProvider, SimSwapSignal simSwap, UnaryOperator<Verifications> wrapVerifications) {
        this(stack, clock, overrides, ids, wrapProvider, simSwap, wrapVerifications, UnaryOperator.identity());
    }

    /** And a wrapper around SendSmsFunction's verifications store. */
    TwoFactorStack(Stack stack, MutableClock clock, Map<String, String> overrides, Supplier<String> ids,
                   UnaryOperator<SmsProvider> wrapProvider, SimSwapSignal simSwap, UnaryOperator<Verifications> wrapVerifications,
                   UnaryOperator<Verifications> wrapSenderVerifications) {
        this(stack, clock, overrides, ids, wrapProvider, simSwap, wrapVerifications, wrapSenderVerifications, List.of());
    }

    /** And SDK interceptors on SendSmsFunction's clients ({@code DynamoDbOneAtATime} for work side by side, say). */
    TwoFactorStack(Stack stack, MutableClock clock, Map<String, String> overrides, Supplier<String> ids,
                   UnaryOperator<SmsProvider> wrapProvider, SimSwapSignal simSwap, UnaryOperator<Verifications> wrapVerifications,
                   UnaryOperator<Verifications> wrapSenderVerifications, List<ExecutionInterceptor> sendInterceptors) {
        this.stack = stack;
        this.clock = clock;
        Environment apiEnv = environment("VerificationApiFunction", overrides);
        this.api = new VerificationApiHandler(TwoFactorWiring.verificationApi(apiEnv,
                TwoFactorWiring.verificationApiPlatform(apiEnv), clock, ids, simSwap, wrapVerifications));
        Map<String, String> sendOverrides = new java.util.HashMap<>(overrides);
        // Tests about other rules are not about the rate: 1000 a second unless a test sets its own.
        sendOverrides.putIfAbsent("SEND_RATE_PER_SECOND", "1000");
        Environment sendEnv = environment("SendSmsFunction", sendOverrides).withClientInterceptors(sendInterceptors);
        Platform sendPlatform = TwoFactorWiring.sendSmsPlatform(sendEnv);
        // Waiting for a pacing slot never sleeps: it moves the test's clock when the test says so
        // (the pacing tests), and otherwise leaves the clock to the test.
        Pause pause = at -> {
            if (waitsMoveTheClock && at.isAfter(clock.instant())) {
                clock.set(at);
            }
        };
        this.sendService = TwoFactorWiring.sendSmsService(sendEnv, sendPlatform, clock, wrapProvider, wrapSenderVerifications, pause);
        this.sendMetrics = sendPlatform.metrics();
        this.sender = new SendSmsHandler(sendService, SendQueues.none(), sendMetrics);
    }

    /** SendSmsFunction on the same service, sending {@code sendsAtOnce} records of a batch side by side. */
    SendSmsHandler senderSendingAtOnce(int sendsAtOnce) {
        return new SendSmsHandler(sendService, SendQueues.none(), sendMetrics, sendsAtOnce);
    }

    static TwoFactorStack on(Stack stack) {
        return on(stack, Map.of());
    }

    static TwoFactorStack on(Stack stack, Map<String, String> overrides) {
        return new TwoFactorStack(stack, new MutableClock(T0), overrides, randomIds(), UnaryOperator.identity());
    }

    static Supplier<String> randomIds() {
        return VerificationService.randomIds(new java.security.SecureRandom());
    }

    Environment environment(String function, Map<String, String> overrides) {
        Environment env = new Environment(stack.functionEnvironment(function));
        for (Map.Entry<String, String> override : overrides.entrySet()) {
            env = env.with(override.getKey(), override.getValue());
        }
        return env;
    }

    // ------------------------------------------------------------------ the API

    HttpApiResponse start(String body) {
        return call("POST", "/verifications", "POST /verifications", Map.of(), body);
    }

    /** Starts a LOGIN verification for {@link #NUMBER} and returns its id (asserting the 202). */
    String startLogin() {
        return started(start("{\"phone\":\"" + NUMBER + "\",\"purpose\":\"LOGIN\"}"));
    }

    static String started(HttpApiResponse response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return json(response).path("verificationId").asText();
    }

    /** A check naming what the stored verification verifies (its purpose and account; no session), or LOGIN. */
    HttpApiResponse check(String id, String code) {
        Optional<Verification> stored = new DynamoVerifications(stack.dynamoDb(), stack.physicalId("VerificationsTable")).find(id);
        String purpose = stored.map(v -> v.purpose().name()).orElse("LOGIN");
        String account = stored.map(Verification::accountId).map(a -> ",\"accountId\":\"" + a + "\"").orElse("");
        return checkBody(id, "{\"code\":\"" + code + "\",\"purpose\":\"" + purpose + "\"" + account + "}");
    }

    HttpApiResponse checkBody(String id, String body) {
        return call("POST", "/verifications/" + id + "/check", "POST /verifications/{id}/check", Map.of("id", id), body);
    }

    HttpApiResponse status(String id) {
        return call("GET", "/verifications/" + id, "GET /verifications/{id}", Map.of("id", id), null);
    }

    HttpApiResponse unlock(String number) {
        return call("POST", "/numbers/unlock", "POST /numbers/unlock", Map.of(), "{\"phone\":\"" + number + "\"}");
    }

    /** The security events published so far. */
    List<JsonNode> securityEvents() {
        return stack.tap("SecurityEventsTopic").messages().stream().map(TopicTap.Published::json).toList();
    }

    HttpApiResponse settings(String accountId, String body) {
        return call("PUT", "/accounts/" + accountId + "/sms-settings", "PUT /accounts/{accountId}/sms-settings",
                Map.of("accountId", accountId), body);
    }

    HttpApiResponse call(String method, String path, String routeKey, Map<String, String> pathParameters, String body) {
        return call(api, method, path, routeKey, pathParameters, body);
    }

    static HttpApiResponse call(VerificationApiHandler api, String method, String path, String routeKey,
                                Map<String, String> pathParameters, String body) {
        HttpApiRequest event = new HttpApiRequest("2.0", routeKey, path, null, pathParameters.isEmpty() ? null : pathParameters,
                new HttpApiRequest.RequestContext(null, routeKey, null, new HttpApiRequest.Http(method, path)), body, null);
        return TwoFactorStack.invoke(api, event, new LocalContext("VerificationApiFunction", 15, 1024));
    }

    static JsonNode json(HttpApiResponse response) {
        return Json.tree(response.body());
    }

    // ------------------------------------------------------------------ SendSmsFunction

    /** Hands every request published to OutboundSmsTopic since the last call to SendSmsFunction. */
    int deliverSends() {
        List<TopicTap.Published> messages = stack.tap("OutboundSmsTopic").messages();
        int count = 0;
        for (; delivered < messages.size(); delivered++, count++) {
            String body = messages.get(delivered).body();
            // As the queue does: a message put back (a reply waiting while codes go first, a pacing slot
            // ahead) comes again after its back-off, here on the test's clock.
            for (int attempt = 0; attempt < 5
                    && !TwoFactorStack.invoke(sender, sqs(body), context()).batchItemFailures().isEmpty(); attempt++) {
                clock.advance(java.time.Duration.ofSeconds(3));
            }
        }
        return count;
    }

    /** The CODE/TEXT requests published so far. */
    List<JsonNode> published() {
        return stack.tap("OutboundSmsTopic").messages().stream().map(TopicTap.Published::json).toList();
    }

    /** One message as SendSmsFunction's SQS event source hands it over (raw delivery: the body is the request). */
    static SqsEvent sqs(String message) {
        String id = java.util.UUID.randomUUID().toString();
        return new SqsEvent(List.of(new SqsEvent.Message(id, "test-" + id, message, Map.of("ApproximateReceiveCount", "1"), null,
                "aws:sqs", null, null)));
    }

    /** One SNS delivery (DeliveryReceiptFunction's event source: DeliveryEventsTopic). */
    static SnsEvent sns(String message) {
        return SnsEvent.of(null, SnsEvent.Notification.of(java.util.UUID.randomUUID().toString(), null, message, null));
    }

    // ------------------------------------------------------------------ invocations, as the Lambda runtime makes them: bytes in, bytes out

    static HttpApiResponse invoke(VerificationApiHandler api, HttpApiRequest event, Context context) {
        return invoke(api, new String(LambdaEvents.bytes(event), StandardCharsets.UTF_8), context);
    }

    /** A sample event's text (or any bytes) to the API; its answer as API Gateway reads it. */
    static HttpApiResponse invoke(VerificationApiHandler api, String event, Context context) {
        return Json.read(Invocations.invoke(api, event, context), HttpApiResponse.class);
    }

    static SqsBatchResponse invoke(SendSmsHandler sender, SqsEvent event, Context context) {
        return invoke(sender, new String(LambdaEvents.bytes(event), StandardCharsets.UTF_8), context);
    }

    /** A batch's text (or any bytes) to SendSmsFunction; its partial-failure answer as Lambda's event source reads it. */
    static SqsBatchResponse invoke(SendSmsHandler sender, String event, Context context) {
        return Json.read(Invocations.invoke(sender, event, context), SqsBatchResponse.class);
    }

    static void invoke(DeliveryReceiptHandler receipts, SnsEvent event, Context context) {
        invoke(receipts, new String(LambdaEvents.bytes(event), StandardCharsets.UTF_8), context);
    }

    /** An SNS event's text (or any bytes) to DeliveryReceiptFunction, which answers nothing. */
    static void invoke(DeliveryReceiptHandler receipts, String event, Context context) {
        assertThat(Invocations.invoke(receipts, event, context)).isEmpty();
    }

    static LocalContext context() {
        return new LocalContext("SendSmsFunction", 30, 1024);
    }

    SmsOutbox outbox() {
        return stack.outbox();
    }

    /** The code in the latest text to {@code number}. */
    String lastCode(String number) {
        return outbox().lastTo(number).flatMap(SmsOutbox.Text::code).orElseThrow(() -> new AssertionError("no code texted"));
    }

    List<SmsOutbox.Text> texts() {
        return outbox().texts();
    }

    // ------------------------------------------------------------------ state

    /** A country policy item, as an operator would save it. */
    void policy(String scope, Feature twoFactor, int perNumber, int perCountry, PostingAuth auth) {
        policy(scope, twoFactor, perNumber, perCountry, auth, SimSwapCheck.OFF);
    }

    void policy(String scope, Feature twoFactor, int perNumber, int perCountry, PostingAuth auth, SimSwapCheck simSwap) {
        DynamoCountryPolicies catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        long version = catalog.get(scope).map(CountryPolicy::version).orElse(0L);
        catalog.save(new CountryPolicy(scope, Feature.DISABLED, twoFactor, auth, simSwap, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 10, perNumber, perCountry, "test", null, null, version)
                .savedBy("test", clock.instant()));
    }

    /** Changes the pumping guard's settings of a policy item that exists. */
    void pumpingGuard(String scope, io.smsgate.shared.domain.PumpingGuardPolicy guard) {
        DynamoCountryPolicies catalog = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        catalog.save(catalog.get(scope).orElseThrow().withPumpingGuard(guard).savedBy("test", clock.instant()));
    }

    /** GB allows codes: 5 per number and 1000 per country an hour, PIN for posting. */
    TwoFactorStack withCodesAllowed() {
        policy("GB", Feature.ENABLED, 5, 1000, PostingAuth.PIN);
        return this;
    }

    Verification verification(String id) {
        return new DynamoVerifications(stack.dynamoDb(), stack.physicalId("VerificationsTable")).find(id).orElseThrow();
    }

    void optOut(String number) {
        new io.smsgate.shared.aws.DynamoOptOutStore(stack.dynamoDb(), stack.physicalId("OptOutsTable")).record(
                new io.smsgate.shared.port.OptOutStore.Change(phoneKey(number),
                        io.smsgate.shared.port.OptOutStore.Status.OPTED_OUT, "STOP", clock.instant(), "test-stop"));
    }

    /** A number as PhoneLinksTable keeps it: sealed to its link. */
    static String sealedForLink(String number) {
        var parsed = io.smsgate.shared.domain.PhoneNumbers.parse(number, true).orElseThrow();
        return KEYS.seal(parsed, io.smsgate.shared.security.SealContext.link(KEYS.phoneKey(parsed))).sealed();
    }

    static String phoneKey(String number) {
        return KEYS.phoneKey(PhoneNumbers.trusted(number));
    }

    List<Map<String, AttributeValue>> scan(String table) {
        return stack.scan(table);
    }

    // ------------------------------------------------------------------ secrets never in clear

    /** Asserts that a code or PIN appears, as a number of its own, in no log line and in no table. */
    void assertNowhere(LogCapture logs, String secret) {
        Pattern standalone = Pattern.compile("(?<![0-9])" + Pattern.quote(secret) + "(?![0-9])");
        assertThat(logs.lines()).noneMatch(line -> standalone.matcher(line).find());
        for (String table : stack.tables()) {
            assertThat(stack.scan(table)).as(table).noneMatch(item -> standalone.matcher(item.toString()).find());
        }
        assertThat(published()).noneMatch(message -> standalone.matcher(message.toString()).find());
    }

    /** Asserts that no phone number appears in a log line, a published message or any table (PhoneLinksTable keeps it sealed). */
    void assertNoPhoneNumber(LogCapture logs) {
        List<String> places = new ArrayList<>(logs.lines());
        stack.tap("OutboundSmsTopic").messages().forEach(m -> places.add(m.body() + m.attributes()));
        stack.tap("SecurityEventsTopic").messages().forEach(m -> places.add(m.body() + m.attributes()));
        for (String table : stack.tables()) {
            stack.scan(table).forEach(item -> places.add(table + item));
        }
        assertThat(places).noneMatch(text -> text.contains(NUMBER_DIGITS) || text.contains("7700900456"));
    }

    Optional<Map<String, AttributeValue>> counter(String prefix) {
        return stack.scan("CountersTable").stream().filter(item -> item.get("pk").s().startsWith(prefix)).findFirst();
    }
}
