package io.smsgate.policy;

import org.junit.jupiter.api.AfterEach;
import io.smsgate.local.emulator.CounterGrants;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.smsgate.local.emulator.SampleEvents;
import io.smsgate.local.emulator.AwsEmulatorExtension;
import io.smsgate.local.emulator.Invocations;
import io.smsgate.local.emulator.LocalContext;
import io.smsgate.local.emulator.LogCapture;
import io.smsgate.local.emulator.SampleEvent;
import io.smsgate.local.emulator.Stack;
import io.smsgate.local.emulator.TopicTap.Published;
import io.smsgate.shared.aws.DynamoCountryPolicies;
import io.smsgate.shared.config.Environment;
import io.smsgate.shared.domain.CountryPolicy;
import io.smsgate.shared.domain.Feature;
import io.smsgate.shared.domain.PhoneNumbers;
import io.smsgate.shared.domain.PostingAuth;
import io.smsgate.shared.domain.SimSwapCheck;
import io.smsgate.shared.json.Json;
import io.smsgate.shared.port.TransientFaultException;
import io.smsgate.shared.security.ApprovedCommandReader;
import io.smsgate.shared.security.KeyRing;
import io.smsgate.shared.security.OutboundSmsReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * CountryPolicyFunction against the emulator, one test per sample event in events/country-policy/:
 * what was published (ApprovedCommandsTopic, OutboundSmsTopic, read back through SQS subscriptions),
 * what was written (CountersTable, the denial-reply limiter only) and what was logged and counted.
 * Policies are written to the stack's CountryPoliciesTable as an operator would.
 */
@ExtendWith(AwsEmulatorExtension.class)
class CountryPolicyHandlerIT {
    private static final KeyRing KEYS = KeyRing.fromSecret(Stack.DEVELOPMENT_SECRET);
    private static final String GB_DIGITS = "7700900123";
    private static final String US_DIGITS = "2065550123";
    private static final String GB_KEY = KEYS.phoneKey(PhoneNumbers.parse("+447700900123", true).orElseThrow());
    private static final String US_KEY = KEYS.phoneKey(PhoneNumbers.parse("+12065550123").orElseThrow());
    private static final Instant NOW = Instant.parse("2026-11-25T09:00:00Z");

    private Stack stack;
    private LogCapture logs;
    private DynamoCountryPolicies policies;
    private CountryPolicyHandler handler;

    @AfterEach
    void countersStayWithinTheGrant() {
        assertThat(CounterGrants.uncovered(stack, "CountryPolicyFunction")).as("CountersTable keys outside template.yaml's dynamodb:LeadingKeys").isEmpty();
    }

    @BeforeEach
    void setUp(Stack stack, LogCapture logs) {
        this.stack = stack;
        this.logs = logs;
        this.policies = new DynamoCountryPolicies(stack.dynamoDb(), stack.physicalId("CountryPoliciesTable"));
        this.handler = new CountryPolicyHandler(new Environment(stack.functionEnvironment("CountryPolicyFunction")));
    }

    // ------------------------------------------------------------------ approvals

    @ParameterizedTest
    @SampleEvent("events/country-policy/post-gb.json")
    void aPostFromACountryWithSmsPostingOnIsApproved(String event) {
        seed(Feature.ENABLED, PostingAuth.PIN);

        invoke(event);

        Published approval = single("ApprovedCommandsTopic");
        assertThat(approval.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("command", "POST", "country", "GB"));
        JsonNode body = approval.json();
        assertThat(body.path("type").asText()).isEqualTo("ApprovedCommand");
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("inboundMessageId").asText()).isEqualTo("7a2d4c6e-0001-4b5e-9f10-b1c2d3e4f5a6");
        assertThat(body.path("command").asText()).isEqualTo("POST");
        assertThat(body.path("country").asText()).isEqualTo("GB");
        assertThat(body.has("text")).isFalse();
        assertThat(approval.body()).doesNotContain("Hello from my phone");
        assertThat(body.path("sender").path("key").asText()).isEqualTo(GB_KEY);
        // MACed by this function: PostingFunction's reader accepts it, and opens the body it passed on sealed.
        var accepted = (ApprovedCommandReader.Accepted) new ApprovedCommandReader(KEYS).read(approval.body());
        assertThat(accepted.text()).isEqualTo("Hello from my phone, posting by text!");
        assertThat(accepted.command().maxPostsPerHourPerAccount()).isEqualTo(10);
        assertThat(body.path("receivedAt").asText()).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(body.path("policyScope").asText()).isEqualTo("GB");
        assertThat(body.path("postingAuth").asText()).isEqualTo("PIN");
        assertThat(body.path("maxPostsPerHourPerAccount").asInt()).isEqualTo(10);

        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(stack.scan("CountersTable")).isEmpty();
        assertThat(decisions()).containsExactly("approved/POST");
        assertThat(logs.all()).contains("POST from GB approved: reason=APPROVED policy=GB postingAuth=PIN");
        assertThat(logLineOf("approved").path("inboundMessageId").asText()).isEqualTo("7a2d4c6e-0001-4b5e-9f10-b1c2d3e4f5a6");
        assertNoPhoneNumberAnywhere();
    }

    @ParameterizedTest
    @EnumSource(PostingAuth.class)
    void theCountrysPostingAuthAndLimitTravelWithTheApproval(PostingAuth auth) {
        policies.save(policy("GB", Feature.ENABLED, auth, 3));
        policies.save(policy(CountryPolicy.DEFAULT, Feature.ENABLED, PostingAuth.PIN, 10));

        invoke(load("post-gb.json"));

        JsonNode body = single("ApprovedCommandsTopic").json();
        assertThat(body.path("postingAuth").asText()).isEqualTo(auth.name());
        assertThat(body.path("maxPostsPerHourPerAccount").asInt()).isEqualTo(3);
        assertThat(body.path("policyScope").asText()).isEqualTo("GB");
    }

    @Test
    void aCountryWithoutItsOwnItemIsApprovedUnderAnEnabledDefault() {
        policies.save(policy(CountryPolicy.DEFAULT, Feature.ENABLED, PostingAuth.NONE, 4));

        invoke(load("post-us.json"));

        JsonNode body = single("ApprovedCommandsTopic").json();
        assertThat(body.path("policyScope").asText()).isEqualTo("DEFAULT");
        assertThat(body.path("postingAuth").asText()).isEqualTo("NONE");
        assertThat(body.path("maxPostsPerHourPerAccount").asInt()).isEqualTo(4);
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/undo-us.json")
    void undoIsApprovedWhereSmsPostingIsOffAndUnderTheKillSwitch(String event) {
        seed(Feature.ENABLED, PostingAuth.NONE);
        killSwitchOn();

        invoke(event);

        Published approval = single("ApprovedCommandsTopic");
        assertThat(approval.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("command", "UNDO", "country", "US"));
        assertThat(approval.json().path("policyScope").asText()).isEqualTo("SAFETY");
        assertThat(approval.json().path("postingAuth").asText()).isEqualTo("PIN");
        assertThat(approval.json().path("maxPostsPerHourPerAccount").asInt()).isZero();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(decisions()).containsExactly("approved-safety/UNDO");
        assertNoPhoneNumberAnywhere();
    }

    // ------------------------------------------------------------------ denials

    @ParameterizedTest
    @SampleEvent("events/country-policy/post-us.json")
    void aPostFromACountryWithoutSmsPostingIsDeniedWithOneReply(String event) {
        seed(Feature.ENABLED, PostingAuth.PIN);

        invoke(event);

        assertThat(stack.tap("ApprovedCommandsTopic").messages()).isEmpty();
        Published reply = single("OutboundSmsTopic");
        assertThat(reply.attributes()).containsExactlyInAnyOrderEntriesOf(Map.of("kind", "TEXT", "country", "US"));
        JsonNode body = reply.json();
        assertThat(body.path("type").asText()).isEqualTo("OutboundSms");
        assertThat(body.path("purpose").asText()).isEqualTo("POLICY_DENIED");
        assertThat(body.path("text").asText()).isEqualTo("SMS posting isn't available in your country; use the app or the website.");
        assertThat(body.path("requestId").asText()).isEqualTo("7a2d4c6e-0002-4b5e-9f10-b1c2d3e4f5a6#policy-denied");
        assertThat(body.path("correlationId").asText()).isEqualTo("7a2d4c6e-0002-4b5e-9f10-b1c2d3e4f5a6");
        assertThat(body.path("recipient").path("key").asText()).isEqualTo(US_KEY);
        assertThat(((OutboundSmsReader.Accepted) new OutboundSmsReader(KEYS).read(reply.body())).recipient().e164())
                .as("MACed, the sender sealed again for this request").isEqualTo("+12065550123");

        Map<String, AttributeValue> limiter = stack.scan("CountersTable").getFirst();
        assertThat(limiter.get("pk").s()).isEqualTo("PolicyDenialReply#" + US_KEY);
        assertThat(decisions()).containsExactly("denied-country/POST");
        assertThat(logs.all()).contains("POST from US denied: reason=DENIED_COUNTRY policy=DEFAULT reply=REQUESTED");
        assertNoPhoneNumberAnywhere();
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/duplicate-delivery.json")
    void aRedeliveredDenialIsAnsweredOnce(String event) {
        seed(Feature.ENABLED, PostingAuth.PIN);

        invoke(event);
        invoke(event);

        assertThat(Json.read(event, io.smsgate.shared.lambda.SnsEvent.class).records()).hasSize(2);
        assertThat(stack.tap("OutboundSmsTopic").messages()).hasSize(1);
        assertThat(metric("PolicyDenialReply", "Result")).containsExactly("REQUESTED", "RATE_LIMITED", "RATE_LIMITED", "RATE_LIMITED");
        assertThat(decisions()).containsOnly("denied-country/POST").hasSize(4);
    }

    @Test
    void theKillSwitchDeniesEvenWhereTheCountryAllowsIt() {
        seed(Feature.ENABLED, PostingAuth.PIN);
        killSwitchOn();

        invoke(load("post-gb.json"));

        assertThat(stack.tap("ApprovedCommandsTopic").messages()).isEmpty();
        assertThat(single("OutboundSmsTopic").json().path("purpose").asText()).isEqualTo("POLICY_DENIED");
        assertThat(decisions()).containsExactly("denied-global/POST");
        assertThat(logs.all()).contains("reason=DENIED_GLOBAL policy=GLOBAL");
    }

    @Test
    void withNoCountryItemAndNoDefaultNothingIsAllowed() {
        invoke(load("post-gb.json"));

        assertThat(stack.tap("ApprovedCommandsTopic").messages()).isEmpty();
        assertThat(single("OutboundSmsTopic").json().path("purpose").asText()).isEqualTo("POLICY_DENIED");
        assertThat(decisions()).containsExactly("denied-no-policy/POST");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/help.json")
    void aComplianceKeywordThatReachesThisFunctionIsDeniedWithoutAReply(String event) {
        seed(Feature.ENABLED, PostingAuth.PIN);
        invoke(event);
        assertNothingPublishedOrWritten();
        assertThat(decisions()).containsExactly("denied-unknown-command/HELP");
        assertThat(logs.all()).contains("HELP from GB denied: reason=DENIED_UNKNOWN_COMMAND policy=none reply=none");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/unknown-command.json")
    void aCommandThisBuildDoesNotKnowIsDeniedWithoutAReply(String event) {
        seed(Feature.ENABLED, PostingAuth.PIN);
        invoke(event);
        assertNothingPublishedOrWritten();
        assertThat(decisions()).containsExactly("denied-unknown-command/FOLLOW");
    }

    // ------------------------------------------------------------------ fail closed

    @Test
    void whenThePolicyTableIsUnreachableNothingIsApprovedAndTheHandlerThrows() {
        seed(Feature.ENABLED, PostingAuth.PIN);
        String table = stack.physicalId("CountryPoliciesTable");
        stack.dynamoDb().deleteTable(r -> r.tableName(table));

        assertThatThrownBy(() -> invoke(load("post-gb.json")))
                .isInstanceOf(TransientFaultException.class)
                .hasMessageContaining("failing closed")
                .hasCauseInstanceOf(software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException.class);
        assertThat(stack.tap("ApprovedCommandsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(logs.all()).contains("reason=POLICY_UNAVAILABLE");
        assertThat(metric("PolicyUnavailable", "Function")).containsExactly("CountryPolicyFunction");

        invoke(load("undo-us.json"));
        assertThat(single("ApprovedCommandsTopic").attributes()).containsEntry("command", "UNDO");
    }

    // ------------------------------------------------------------------ bad input

    @ParameterizedTest
    @SampleEvent("events/country-policy/malformed-json.json")
    void malformedJsonIsRejected(String event) {
        assertRejected(event, "MALFORMED_JSON");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/wrong-type.json")
    void anotherMessageTypeIsRejected(String event) {
        assertRejected(event, "WRONG_TYPE");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/unsupported-version.json")
    void aNewerVersionIsRejected(String event) {
        assertRejected(event, "UNSUPPORTED_VERSION");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/missing-field.json")
    void aMissingFieldIsRejected(String event) {
        assertRejected(event, "MISSING_FIELD");
        assertThat(logs.all()).contains("detail=receivedAt");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/tampered-sender.json")
    void aSenderSealedWithAnotherKeyIsRejected(String event) {
        assertRejected(event, "INVALID_SENDER");
    }

    @ParameterizedTest
    @SampleEvent("events/country-policy/sender-from-another-country.json")
    void aSenderFromAnotherCountryThanTheCommandSaysIsRejected(String event) {
        assertRejected(event, "INVALID_SENDER");
    }

    @Test
    void bytesThatAreNotAnSnsEventAreRejectedNotRetried() {
        seed(Feature.ENABLED, PostingAuth.PIN);
        for (String bytes : new String[] {"", "{\"Records\":[{\"Sns\":{\"Message\":{\"type\":\"SmsCommand\"}}}]}", "\"Records\""}) {
            invoke(bytes);
        }
        assertThat(logs.all()).contains("command rejected: reason=UNREADABLE_EVENT");
        assertNothingPublishedOrWritten();
        assertThat(decisions()).isEmpty();
    }

    @Test
    void everySampleEventHasATest() {
        assertThat(SampleEvents.untested("country-policy", Set.of(), CountryPolicyHandlerIT.class)).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    /** GB as the seed has it (SMS posting on), DEFAULT off, GLOBAL with nothing switched off. */
    private void seed(Feature gb, PostingAuth auth) {
        policies.save(policy("GB", gb, auth, 10));
        policies.save(policy(CountryPolicy.DEFAULT, Feature.DISABLED, PostingAuth.PIN, 10));
        policies.save(policy(CountryPolicy.GLOBAL, Feature.ENABLED, PostingAuth.PIN, 0));
    }

    /** What ./smsgate policy kill-switch on does: the GLOBAL item, SMS posting DISABLED, next version. */
    private void killSwitchOn() {
        CountryPolicy global = policies.get(CountryPolicy.GLOBAL).orElseThrow();
        policies.save(new CountryPolicy(CountryPolicy.GLOBAL, Feature.DISABLED, global.twoFactorSms(), global.postingAuth(), SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, 0, 0, 0,
                "kill switch", global.updatedAt(), global.updatedBy(), global.version()).savedBy("ops", NOW));
    }

    private static CountryPolicy policy(String scope, Feature posting, PostingAuth auth, int maxPosts) {
        return new CountryPolicy(scope, posting, Feature.ENABLED, auth, SimSwapCheck.OFF, SimSwapCheck.DEFAULT_MAX_AGE_HOURS, maxPosts, 5, 1000, "test", null, null, 0)
                .savedBy("test", NOW);
    }

    /** As the runtime calls it: the event's bytes in; an SNS-triggered function answers nothing. */
    private void invoke(String event) {
        assertThat(Invocations.invoke(handler, event, new LocalContext("CountryPolicyFunction", 15, 1024))).isEmpty();
    }

    private static String load(String file) {
        return SampleEvents.text("events/country-policy/" + file);
    }

    private Published single(String topic) {
        List<Published> messages = stack.tap(topic).messages();
        assertThat(messages).hasSize(1);
        return messages.getFirst();
    }

    private void assertRejected(String event, String reason) {
        seed(Feature.ENABLED, PostingAuth.PIN);
        invoke(event);
        assertNothingPublishedOrWritten();
        assertThat(logs.all()).contains("reason=" + reason);
        assertThat(metric("PolicyRejected", "Reason")).containsExactly(reason);
        assertThat(decisions()).isEmpty();
        assertNoPhoneNumberAnywhere();
    }

    private void assertNothingPublishedOrWritten() {
        assertThat(stack.tap("ApprovedCommandsTopic").messages()).isEmpty();
        assertThat(stack.tap("OutboundSmsTopic").messages()).isEmpty();
        assertThat(stack.scan("CountersTable")).as("nothing written").isEmpty();
    }

    /** Every PolicyDecision data point as decision/command. */
    private List<String> decisions() {
        return emf().filter(emf -> emf.has("PolicyDecision"))
                .map(emf -> emf.path("Decision").asText() + "/" + emf.path("Command").asText())
                .toList();
    }

    private List<String> metric(String metric, String dimension) {
        return emf().filter(emf -> emf.has(metric)).map(emf -> emf.path(dimension).asText()).toList();
    }

    private Stream<JsonNode> emf() {
        return logs.lines().stream()
                .map(line -> Json.tree(line).path("message").asText())
                .filter(message -> message.startsWith("{\"_aws\""))
                .map(Json::tree);
    }

    private JsonNode logLineOf(String containing) {
        return logs.lines().stream().map(Json::tree)
                .filter(line -> line.path("message").asText().contains(containing))
                .findFirst().orElseThrow();
    }

    private void assertNoPhoneNumberAnywhere() {
        assertThat(logs.all()).doesNotContain(GB_DIGITS).doesNotContain(US_DIGITS);
        for (var tap : stack.taps().values()) {
            assertThat(tap.messages()).allSatisfy(m -> {
                assertThat(m.body()).doesNotContain(GB_DIGITS).doesNotContain(US_DIGITS);
                assertThat(m.attributes().toString()).doesNotContain(GB_DIGITS).doesNotContain(US_DIGITS);
            });
        }
        assertThat(stack.scan("CountersTable").toString()).doesNotContain(GB_DIGITS).doesNotContain(US_DIGITS);
    }
}
